using System.Buffers.Binary;
using System.Text;

namespace EdgeMx.Hal.Linux.Gpio;

/// <summary>
/// The Linux GPIO character-device uAPI v2 (include/uapi/linux/gpio.h, kernel ≥ 5.10): ioctl numbers, flags and the
/// byte layouts of the structs we exchange, encoded explicitly so a fake of the descriptor layer can decode them.
/// Every size, offset and number here is checked against the installed kernel headers by the tests (gcc).
/// </summary>
public static class GpioUapi
{
    // _IOC(dir, 0xB4, nr, size) = dir << 30 | size << 16 | 0xB4 << 8 | nr; _IOR = 2, _IOWR = 3.
    public const uint GPIO_GET_CHIPINFO_IOCTL = 0x8044B401;
    public const uint GPIO_V2_GET_LINEINFO_IOCTL = 0xC100B405;
    public const uint GPIO_V2_GET_LINE_IOCTL = 0xC250B407;
    public const uint GPIO_V2_LINE_SET_CONFIG_IOCTL = 0xC110B40D;
    public const uint GPIO_V2_LINE_GET_VALUES_IOCTL = 0xC010B40E;
    public const uint GPIO_V2_LINE_SET_VALUES_IOCTL = 0xC010B40F;

    public const int GPIO_MAX_NAME_SIZE = 32;
    public const int GPIO_V2_LINES_MAX = 64;
    public const int GPIO_V2_LINE_NUM_ATTRS_MAX = 10;

    // enum gpio_v2_line_flag
    public const ulong FlagUsed = 1 << 0;
    public const ulong FlagActiveLow = 1 << 1;
    public const ulong FlagInput = 1 << 2;
    public const ulong FlagOutput = 1 << 3;
    public const ulong FlagEdgeRising = 1 << 4;
    public const ulong FlagEdgeFalling = 1 << 5;
    public const ulong FlagOpenDrain = 1 << 6;
    public const ulong FlagOpenSource = 1 << 7;
    public const ulong FlagBiasPullUp = 1 << 8;
    public const ulong FlagBiasPullDown = 1 << 9;
    public const ulong FlagBiasDisabled = 1 << 10;

    // enum gpio_v2_line_attr_id
    public const uint AttrFlags = 1;
    public const uint AttrOutputValues = 2;
    public const uint AttrDebounce = 3;

    // enum gpio_v2_line_event_id
    public const uint EventRisingEdge = 1;
    public const uint EventFallingEdge = 2;

    // struct sizes
    public const int ChipInfoSize = 68;
    public const int LineInfoSize = 256;
    public const int LineRequestSize = 592;
    public const int LineConfigSize = 272;
    public const int LineValuesSize = 16;
    public const int LineEventSize = 48;
    public const int LineAttributeSize = 16;
    public const int LineConfigAttributeSize = 24;

    // struct gpio_v2_line_request offsets
    public const int RequestOffsets = 0;
    public const int RequestConsumer = 256;
    public const int RequestConfig = 288;
    public const int RequestNumLines = 560;
    public const int RequestEventBufferSize = 564;
    public const int RequestFd = 588;

    // struct gpio_v2_line_config offsets (relative to the config)
    public const int ConfigFlags = 0;
    public const int ConfigNumAttrs = 8;
    public const int ConfigAttrs = 32;

    // struct gpio_v2_line_event offsets
    public const int EventTimestamp = 0;
    public const int EventId = 8;
    public const int EventOffset = 12;
    public const int EventSeqno = 16;
    public const int EventLineSeqno = 20;

    /// <summary>One attribute applying to the lines in <paramref name="Mask"/> (bit i = the i-th requested line).</summary>
    public readonly record struct ConfigAttribute(uint Id, ulong Value, ulong Mask);

    public static byte[] EncodeLineRequest(IReadOnlyList<uint> offsets, string consumer, ulong flags,
        IReadOnlyList<ConfigAttribute> attributes, uint eventBufferSize = 0)
    {
        if (offsets.Count is 0 or > GPIO_V2_LINES_MAX)
            throw new ArgumentOutOfRangeException(nameof(offsets), $"1..{GPIO_V2_LINES_MAX} lines per request");
        if (attributes.Count > GPIO_V2_LINE_NUM_ATTRS_MAX)
            throw new ArgumentOutOfRangeException(nameof(attributes), $"at most {GPIO_V2_LINE_NUM_ATTRS_MAX} attributes");
        var request = new byte[LineRequestSize];
        var span = request.AsSpan();
        for (var i = 0; i < offsets.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(span[(RequestOffsets + 4 * i)..], offsets[i]);
        var name = Encoding.ASCII.GetBytes(consumer);
        name.AsSpan(0, Math.Min(name.Length, GPIO_MAX_NAME_SIZE - 1)).CopyTo(span[RequestConsumer..]);
        EncodeConfig(span.Slice(RequestConfig, LineConfigSize), flags, attributes);
        BinaryPrimitives.WriteUInt32LittleEndian(span[RequestNumLines..], (uint)offsets.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[RequestEventBufferSize..], eventBufferSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[RequestFd..], -1);
        return request;
    }

    public static void EncodeConfig(Span<byte> config, ulong flags, IReadOnlyList<ConfigAttribute> attributes)
    {
        config.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(config[ConfigFlags..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(config[ConfigNumAttrs..], (uint)attributes.Count);
        for (var i = 0; i < attributes.Count; i++)
        {
            var a = config.Slice(ConfigAttrs + i * LineConfigAttributeSize, LineConfigAttributeSize);
            BinaryPrimitives.WriteUInt32LittleEndian(a, attributes[i].Id);
            // The union is a u64 (flags, values) or a u32 (debounce_period_us) at the same offset: little-endian
            // writes of the u64 put a u32 value in the right bytes either way.
            BinaryPrimitives.WriteUInt64LittleEndian(a[8..], attributes[i].Value);
            BinaryPrimitives.WriteUInt64LittleEndian(a[LineAttributeSize..], attributes[i].Mask);
        }
    }

    public static int ReadRequestFd(ReadOnlySpan<byte> request) => BinaryPrimitives.ReadInt32LittleEndian(request[RequestFd..]);

    public static byte[] EncodeValues(ulong bits, ulong mask)
    {
        var values = new byte[LineValuesSize];
        BinaryPrimitives.WriteUInt64LittleEndian(values, bits);
        BinaryPrimitives.WriteUInt64LittleEndian(values.AsSpan(8), mask);
        return values;
    }

    public static (ulong Bits, ulong Mask) DecodeValues(ReadOnlySpan<byte> values) =>
        (BinaryPrimitives.ReadUInt64LittleEndian(values), BinaryPrimitives.ReadUInt64LittleEndian(values[8..]));

    public static GpioLineEvent DecodeEvent(ReadOnlySpan<byte> e) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(e[EventTimestamp..]),
        BinaryPrimitives.ReadUInt32LittleEndian(e[EventId..]) == EventRisingEdge,
        BinaryPrimitives.ReadUInt32LittleEndian(e[EventOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(e[EventSeqno..]));

    public static (string Name, string Label, uint Lines) DecodeChipInfo(ReadOnlySpan<byte> info) => (
        CString(info[..GPIO_MAX_NAME_SIZE]),
        CString(info.Slice(GPIO_MAX_NAME_SIZE, GPIO_MAX_NAME_SIZE)),
        BinaryPrimitives.ReadUInt32LittleEndian(info[(2 * GPIO_MAX_NAME_SIZE)..]));

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
