using System.Buffers.Binary;
using System.Collections.Concurrent;
using EdgeMx.Hal.Linux.Gpio;
using EdgeMx.Hal.Linux.Interop;

namespace EdgeMx.Hal.Tests.Gpio;

/// <summary>
/// Plays the kernel behind the GPIO descriptor layer: chips with a fixed number of lines, line requests that get fds,
/// line levels, queued edge events, and a log of every call in order. Decodes the structs the code under test encodes,
/// so the bytes themselves are checked, not just that "something was sent".
/// </summary>
internal sealed class FakeGpioDescriptors : IGpioDescriptors
{
    private readonly object _gate = new();
    private int _nextFd = 10;
    private readonly Dictionary<int, string> _chips = [];
    private readonly Dictionary<int, FakeRequest> _requests = [];
    private readonly Dictionary<string, uint> _chipLines = new(StringComparer.Ordinal);

    public FakeGpioDescriptors(params (string Path, uint Lines)[] chips)
    {
        foreach (var (path, lines) in chips) _chipLines[path] = lines;
    }

    public List<string> Calls { get; } = [];
    public HashSet<int> OpenFds { get; } = [];
    public Dictionary<(string Chip, uint Line), bool> Levels { get; } = [];
    public HashSet<(string Chip, uint Line)> Held { get; } = [];

    /// <summary>Errno to fail the next SET_VALUES with (0 = succeed).</summary>
    public int FailNextSet { get; set; }

    public sealed record FakeRequest(int Fd, string Chip, uint[] Offsets, ulong Flags, string Consumer,
        List<(uint Id, ulong Value, ulong Mask)> Attributes)
    {
        public BlockingCollection<GpioLineEvent> Events { get; } = new();
    }

    public IReadOnlyCollection<FakeRequest> Requests
    {
        get { lock (_gate) return _requests.Values.ToList(); }
    }

    public FileDescriptorHandle Open(string path)
    {
        lock (_gate)
        {
            if (!_chipLines.ContainsKey(path)) throw new LinuxErrorException("open", path, Libc.ENOENT);
            var fd = _nextFd++;
            _chips[fd] = path;
            OpenFds.Add(fd);
            Calls.Add($"open {path} -> {fd}");
            return new FileDescriptorHandle(fd, Close);
        }
    }

    public FileDescriptorHandle Adopt(int fd) => new(fd, Close);

    private void Close(int fd)
    {
        lock (_gate)
        {
            Calls.Add($"close {fd}");
            OpenFds.Remove(fd);
            if (_requests.Remove(fd, out var request))
            {
                foreach (var o in request.Offsets) Held.Remove((request.Chip, o));
                request.Events.CompleteAdding();
            }
        }
    }

    public void Ioctl(FileDescriptorHandle fd, uint request, Span<byte> argument, string what)
    {
        lock (_gate)
        {
            var n = fd.Fd;
            switch (request)
            {
                case GpioUapi.GPIO_GET_CHIPINFO_IOCTL:
                    Calls.Add($"chipinfo {n}");
                    var chip = _chips[n];
                    System.Text.Encoding.ASCII.GetBytes(Path.GetFileName(chip)).CopyTo(argument);
                    System.Text.Encoding.ASCII.GetBytes("pinctrl-fake").CopyTo(argument[32..]);
                    BinaryPrimitives.WriteUInt32LittleEndian(argument[64..], _chipLines[chip]);
                    break;
                case GpioUapi.GPIO_V2_GET_LINE_IOCTL:
                    GetLine(n, argument, what);
                    break;
                case GpioUapi.GPIO_V2_LINE_SET_VALUES_IOCTL:
                {
                    var (bits, mask) = GpioUapi.DecodeValues(argument);
                    Calls.Add($"set {n} bits={bits:x} mask={mask:x}");
                    if (FailNextSet != 0)
                    {
                        var errno = FailNextSet;
                        FailNextSet = 0;
                        throw new LinuxErrorException("ioctl", what, errno);
                    }
                    var r = _requests[n];
                    for (var i = 0; i < r.Offsets.Length; i++)
                        if ((mask & (1UL << i)) != 0) Levels[(r.Chip, r.Offsets[i])] = (bits & (1UL << i)) != 0;
                    break;
                }
                case GpioUapi.GPIO_V2_LINE_GET_VALUES_IOCTL:
                {
                    var (_, mask) = GpioUapi.DecodeValues(argument);
                    Calls.Add($"get {n} mask={mask:x}");
                    var r = _requests[n];
                    ulong bits = 0;
                    for (var i = 0; i < r.Offsets.Length; i++)
                        if ((mask & (1UL << i)) != 0 && Levels.GetValueOrDefault((r.Chip, r.Offsets[i]))) bits |= 1UL << i;
                    BinaryPrimitives.WriteUInt64LittleEndian(argument, bits);
                    break;
                }
                default:
                    throw new LinuxErrorException("ioctl", what, Libc.EINVAL);
            }
        }
    }

    private void GetLine(int chipFd, Span<byte> request, string what)
    {
        var chip = _chips[chipFd];
        var count = BinaryPrimitives.ReadUInt32LittleEndian(request[GpioUapi.RequestNumLines..]);
        var offsets = new uint[count];
        for (var i = 0; i < offsets.Length; i++) offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(request[(4 * i)..]);
        var consumerBytes = request.Slice(GpioUapi.RequestConsumer, 32);
        var consumer = System.Text.Encoding.ASCII.GetString(consumerBytes[..consumerBytes.IndexOf((byte)0)]);
        var config = request.Slice(GpioUapi.RequestConfig, GpioUapi.LineConfigSize);
        var flags = BinaryPrimitives.ReadUInt64LittleEndian(config);
        var attrs = new List<(uint, ulong, ulong)>();
        var numAttrs = BinaryPrimitives.ReadUInt32LittleEndian(config[GpioUapi.ConfigNumAttrs..]);
        for (var i = 0; i < numAttrs; i++)
        {
            var a = config.Slice(GpioUapi.ConfigAttrs + 24 * i, 24);
            attrs.Add((BinaryPrimitives.ReadUInt32LittleEndian(a), BinaryPrimitives.ReadUInt64LittleEndian(a[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(a[16..])));
        }
        Calls.Add($"get-line {chipFd} offsets={string.Join(",", offsets)} flags={flags:x} consumer={consumer}");
        foreach (var o in offsets)
            if (!Held.Add((chip, o)))
                throw new LinuxErrorException("ioctl", what, Libc.EBUSY);
        var fd = _nextFd++;
        OpenFds.Add(fd);
        _requests[fd] = new FakeRequest(fd, chip, offsets, flags, consumer, attrs);
        // The kernel applies OUTPUT_VALUES at request time.
        foreach (var (id, value, mask) in attrs.Where(a => a.Item1 == GpioUapi.AttrOutputValues).ToList())
            for (var i = 0; i < offsets.Length; i++)
                if ((mask & (1UL << i)) != 0) Levels[(chip, offsets[i])] = (value & (1UL << i)) != 0;
        BinaryPrimitives.WriteInt32LittleEndian(request[GpioUapi.RequestFd..], fd);
    }

    /// <summary>An edge as the kernel would report it after its debounce filter.</summary>
    public void Edge(string chip, uint line, bool rising)
    {
        FakeRequest request;
        lock (_gate)
        {
            request = _requests.Values.Single(r => r.Chip == chip && r.Offsets.Contains(line));
            Levels[(chip, line)] = rising;
        }
        request.Events.Add(new GpioLineEvent((ulong)Environment.TickCount64 * 1_000_000, rising, line, 0));
    }

    public bool WaitReadable(FileDescriptorHandle fd, CancellationToken cancellation)
    {
        FakeRequest request;
        lock (_gate) request = _requests[fd.Fd];
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (request.Events.Count > 0) return true;
                if (request.Events.IsAddingCompleted) return false;
                // Block on the collection without consuming (the read below consumes): wait for Add via a peek loop
                // on a short wait handle; the fake is test-only.
                cancellation.WaitHandle.WaitOne(5);
            }
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public int Read(FileDescriptorHandle fd, Span<byte> buffer, string what)
    {
        FakeRequest request;
        lock (_gate) request = _requests[fd.Fd];
        var written = 0;
        while (written + GpioUapi.LineEventSize <= buffer.Length && request.Events.TryTake(out var e))
        {
            var slot = buffer.Slice(written, GpioUapi.LineEventSize);
            slot.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(slot, e.TimestampNs);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], e.Rising ? GpioUapi.EventRisingEdge : GpioUapi.EventFallingEdge);
            BinaryPrimitives.WriteUInt32LittleEndian(slot[12..], e.Offset);
            written += GpioUapi.LineEventSize;
        }
        return written;
    }
}
