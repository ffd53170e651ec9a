using EdgeMx.Hal.Linux.Interop;

namespace EdgeMx.Hal.Linux.Gpio;

/// <summary>Lines held through one request fd (GPIO_V2_GET_LINE). Disposing closes the fd, which releases the lines.</summary>
public sealed class GpioLineRequest : IDisposable
{
    private readonly IGpioDescriptors _descriptors;
    private readonly FileDescriptorHandle _fd;
    private readonly string _what;

    internal GpioLineRequest(IGpioDescriptors descriptors, FileDescriptorHandle fd, string chip, IReadOnlyList<uint> offsets)
    {
        _descriptors = descriptors;
        _fd = fd;
        Offsets = offsets;
        _what = $"{chip} lines {string.Join(",", offsets)}";
    }

    public IReadOnlyList<uint> Offsets { get; }

    internal static ulong MaskOf(int lines) => lines == 64 ? ulong.MaxValue : (1UL << lines) - 1;

    /// <summary>Sets the lines selected by <paramref name="mask"/> (bit i = Offsets[i]) to <paramref name="bits"/>.</summary>
    public void SetValues(ulong bits, ulong mask)
    {
        var values = GpioUapi.EncodeValues(bits, mask);
        _descriptors.Ioctl(_fd, GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL, values, "GPIO_V2_LINE_SET_VALUES " + _what);
    }

    public void Set(int index, bool value) => SetValues(value ? 1UL << index : 0, 1UL << index);

    public ulong GetValues(ulong mask)
    {
        var values = GpioUapi.EncodeValues(0, mask);
        _descriptors.Ioctl(_fd, GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL, values, "GPIO_V2_LINE_GET_VALUES " + _what);
        return GpioUapi.DecodeValues(values).Bits & mask;
    }

    /// <summary>Waits for edge events and returns the ones the kernel has queued (empty when cancelled).</summary>
    public IReadOnlyList<GpioLineEvent> WaitForEvents(CancellationToken cancellation)
    {
        if (!_descriptors.WaitReadable(_fd, cancellation)) return [];
        var buffer = new byte[GpioUapi.LineEventSize * 16];
        var n = _descriptors.Read(_fd, buffer, "line events " + _what);
        if (n % GpioUapi.LineEventSize != 0)
            throw new LinuxErrorException("read", $"line events {_what}: {n} bytes is not a whole number of events", Libc.EINVAL);
        var events = new GpioLineEvent[n / GpioUapi.LineEventSize];
        for (var i = 0; i < events.Length; i++)
            events[i] = GpioUapi.DecodeEvent(buffer.AsSpan(i * GpioUapi.LineEventSize, GpioUapi.LineEventSize));
        return events;
    }

    public void Dispose() => _fd.Dispose();
}
