using EdgeMx.Hal.Linux.Interop;

namespace EdgeMx.Hal.Linux.Gpio;

/// <summary>
/// A GPIO chip (/dev/gpiochipN) and the line requests made on it. The chip fd is only needed to make requests; each
/// request has its own fd that owns the lines until it is closed.
/// </summary>
public sealed class GpioChip : IDisposable
{
    public const string DefaultConsumer = "edgemx";

    private readonly IGpioDescriptors _descriptors;
    private readonly FileDescriptorHandle _fd;

    public GpioChip(string chip, IGpioDescriptors? descriptors = null)
    {
        _descriptors = descriptors ?? LinuxGpioDescriptors.Instance;
        Path = chip.StartsWith('/') ? chip : "/dev/" + chip;
        _fd = _descriptors.Open(Path);
        var info = new byte[GpioUapi.ChipInfoSize];
        _descriptors.Ioctl(_fd, GpioUapi.GPIO_GET_CHIPINFO_IOCTL, info, $"GPIO_GET_CHIPINFO {Path}");
        (Name, Label, Lines) = GpioUapi.DecodeChipInfo(info);
    }

    public string Path { get; }
    public string Name { get; }
    public string Label { get; }
    public uint Lines { get; }

    /// <summary>Requests output lines, driven to <paramref name="initial"/> (logical values) from the start.</summary>
    public GpioLineRequest RequestOutputs(IReadOnlyList<uint> offsets, bool activeLow, bool initial = false,
        string consumer = DefaultConsumer)
    {
        CheckOffsets(offsets);
        var all = GpioLineRequest.MaskOf(offsets.Count);
        var flags = GpioUapi.FlagOutput | (activeLow ? GpioUapi.FlagActiveLow : 0);
        var request = GpioUapi.EncodeLineRequest(offsets, consumer, flags,
            [new GpioUapi.ConfigAttribute(GpioUapi.AttrOutputValues, initial ? all : 0, all)]);
        return Request(offsets, request);
    }

    /// <summary>Requests one input line with edge detection on both edges and the kernel's debounce filter.</summary>
    public GpioLineRequest RequestEdgeInput(uint offset, bool activeLow, TimeSpan debounce, GpioBias bias,
        string consumer = DefaultConsumer)
    {
        CheckOffsets([offset]);
        var flags = GpioUapi.FlagInput | GpioUapi.FlagEdgeRising | GpioUapi.FlagEdgeFalling
                    | (activeLow ? GpioUapi.FlagActiveLow : 0)
                    | bias switch
                    {
                        GpioBias.PullUp => GpioUapi.FlagBiasPullUp,
                        GpioBias.PullDown => GpioUapi.FlagBiasPullDown,
                        GpioBias.Disabled => GpioUapi.FlagBiasDisabled,
                        _ => 0UL,
                    };
        var attributes = debounce > TimeSpan.Zero
            ? new[] { new GpioUapi.ConfigAttribute(GpioUapi.AttrDebounce, (ulong)debounce.TotalMicroseconds, 1) }
            : [];
        return Request([offset], GpioUapi.EncodeLineRequest([offset], consumer, flags, attributes));
    }

    private GpioLineRequest Request(IReadOnlyList<uint> offsets, byte[] request)
    {
        var what = $"GPIO_V2_GET_LINE {Path} lines {string.Join(",", offsets)}";
        _descriptors.Ioctl(_fd, GpioUapi.GPIO_V2_GET_LINE_IOCTL, request, what);
        var fd = GpioUapi.ReadRequestFd(request);
        if (fd < 0) throw new LinuxErrorException("ioctl", what + " returned no fd", Libc.EINVAL);
        return new GpioLineRequest(_descriptors, _descriptors.Adopt(fd), Path, offsets);
    }

    private void CheckOffsets(IReadOnlyList<uint> offsets)
    {
        foreach (var offset in offsets)
            if (offset >= Lines)
                throw new ArgumentOutOfRangeException(nameof(offsets), $"{Path} ({Label}) has lines 0..{Lines - 1}, not {offset}");
    }

    public void Dispose() => _fd.Dispose();
}
