using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using EdgeMx.Net.Interop;
using EdgeMx.Net.Links;

namespace EdgeMx.Net.Tun;

/// <summary>
/// A layer-3 TUN interface (/dev/net/tun, IFF_TUN | IFF_NO_PI): every read returns one IP packet the kernel routed
/// into the device, every write injects one IP packet as if it had arrived on it. Reads and writes take spans and
/// allocate nothing. The descriptor is non-blocking: <see cref="TryRead"/> never waits, <see cref="Read"/> waits in
/// poll(2) until a packet or the cancellation (an eventfd wakes it) — a dedicated data-plane thread is the intended
/// reader. With IFF_MULTI_QUEUE, opening the same name again adds a queue so several threads can share one device.
/// </summary>
public sealed class TunDevice : IDisposable
{
    public const string ClonePath = "/dev/net/tun";
    public const int InterfaceNameSize = 16;    // IFNAMSIZ
    public const int InterfaceRequestSize = 40; // sizeof(struct ifreq)
    public const int FlagsOffset = 16;          // ifr_flags inside struct ifreq
    public const short IffTun = 0x0001;
    public const short IffNoPi = 0x1000;
    public const short IffMultiQueue = 0x0100;
    public const uint TunSetIff = 0x400454ca;   // _IOW('T', 202, int)

    private readonly FileDescriptorHandle _tun;
    private readonly FileDescriptorHandle _wake;
    private readonly Action _wakeCallback;

    private TunDevice(FileDescriptorHandle tun, FileDescriptorHandle wake, string name, bool multiQueue)
    {
        _tun = tun;
        _wake = wake;
        _wakeCallback = Wake; // one delegate for every wait: a data-plane thread waits once per drained queue
        Name = name;
        IsMultiQueue = multiQueue;
    }

    /// <summary>The interface name the kernel gave (a pattern such as "tun%d" is filled in).</summary>
    public string Name { get; }

    public bool IsMultiQueue { get; }

    /// <summary>
    /// Creates (or, for multi-queue devices, attaches another queue to) the TUN interface <paramref name="name"/>,
    /// in <paramref name="ns"/> when given — a TUN device lives in the namespace /dev/net/tun was opened in.
    /// </summary>
    public static TunDevice Open(string name = "tun%d", bool multiQueue = false, NetworkNamespace? ns = null)
    {
        if (string.IsNullOrEmpty(name) || Encoding.ASCII.GetByteCount(name) >= InterfaceNameSize)
            throw new ArgumentException($"'{name}' is not a valid interface name (1..{InterfaceNameSize - 1} characters)", nameof(name));
        return ns is null ? OpenHere(name, multiQueue) : ns.Run(() => OpenHere(name, multiQueue));
    }

    private static unsafe TunDevice OpenHere(string name, bool multiQueue)
    {
        var fd = Libc.Open(ClonePath, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0) throw Errno.Exception($"open({ClonePath})");
        var tun = new FileDescriptorHandle(fd);
        try
        {
            byte* request = stackalloc byte[InterfaceRequestSize];
            var span = new Span<byte>(request, InterfaceRequestSize);
            span.Clear();
            Encoding.ASCII.GetBytes(name, span[..(InterfaceNameSize - 1)]);
            var flags = (short)(IffTun | IffNoPi | (multiQueue ? IffMultiQueue : 0));
            MemoryMarshal.Write(span[FlagsOffset..], in flags);
            Errno.ThrowIfFailed(Libc.Ioctl(fd, TunSetIff, request), $"ioctl(TUNSETIFF, {name})");
            var actual = span[..InterfaceNameSize];
            var end = actual.IndexOf((byte)0);
            var assigned = Encoding.ASCII.GetString(end < 0 ? actual : actual[..end]);

            var wakeFd = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            if (wakeFd < 0) throw Errno.Exception("eventfd");
            return new TunDevice(tun, new FileDescriptorHandle(wakeFd), assigned, multiQueue);
        }
        catch
        {
            tun.Dispose();
            throw;
        }
    }

    /// <summary>Sets the MTU and an address, then brings the device up, through rtnetlink.</summary>
    public async Task ConfigureAsync(LinkTable links, IPAddress address, int prefixLength, int? mtu = null, CancellationToken cancellationToken = default)
    {
        var index = await links.GetIndexAsync(Name, cancellationToken).ConfigureAwait(false);
        if (mtu is { } m) await links.SetMtuAsync(index, m, cancellationToken).ConfigureAwait(false);
        await links.AddAddressAsync(index, address, prefixLength, skipDuplicateDetection: true, cancellationToken).ConfigureAwait(false);
        await links.SetUpAsync(index, true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one packet if one is queued; false at once when none is (or the device is down).</summary>
    public unsafe bool TryRead(Span<byte> packet, out int length)
    {
        length = 0;
        var fd = AddRef();
        try
        {
            fixed (byte* buffer = packet)
            {
                while (true)
                {
                    var read = Libc.Read(fd, buffer, (nuint)packet.Length);
                    if (read >= 0)
                    {
                        length = (int)read;
                        return true;
                    }
                    var errno = Errno.Last;
                    if (errno == Libc.EINTR) continue;
                    if (errno == Libc.EAGAIN) return false;
                    throw Errno.Exception($"read({Name})", errno);
                }
            }
        }
        finally
        {
            _tun.DangerousRelease();
        }
    }

    /// <summary>
    /// Waits for a packet and reads it into <paramref name="packet"/>, returning its length. A packet longer than
    /// the span is cut by the kernel: give it at least the MTU. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires.
    /// </summary>
    public int Read(Span<byte> packet, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryRead(packet, out var length)) return length;
            WaitReadable(cancellationToken);
        }
    }

    /// <summary>Blocks in poll(2) until a packet is queued or the token fires (no timer, no spinning).</summary>
    public unsafe void WaitReadable(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var registration = cancellationToken.Register(_wakeCallback);
        var tunFd = AddRef();
        var wakeAdded = false;
        try
        {
            _wake.DangerousAddRef(ref wakeAdded);
            var fds = stackalloc Libc.PollFd[2];
            fds[0] = new Libc.PollFd { Fd = tunFd, Events = Libc.POLLIN };
            fds[1] = new Libc.PollFd { Fd = _wake.Fd, Events = Libc.POLLIN };
            while (true)
            {
                var ready = Libc.Poll(fds, 2, -1);
                if (ready < 0)
                {
                    var errno = Errno.Last;
                    if (errno == Libc.EINTR) continue;
                    throw Errno.Exception($"poll({Name})", errno);
                }
                if ((fds[1].Revents & Libc.POLLIN) != 0)
                {
                    ulong value;
                    _ = Libc.Read(_wake.Fd, (byte*)&value, sizeof(ulong)); // reset the eventfd for the next wait
                }
                cancellationToken.ThrowIfCancellationRequested();
                if (fds[0].Revents != 0) return;
            }
        }
        finally
        {
            if (wakeAdded) _wake.DangerousRelease();
            _tun.DangerousRelease();
        }
    }

    /// <summary>Injects one IP packet; false when the device queue is full (EAGAIN) and the packet was not taken.</summary>
    public unsafe bool TryWrite(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty) throw new ArgumentException("empty packet", nameof(packet));
        var fd = AddRef();
        try
        {
            fixed (byte* buffer = packet)
            {
                while (true)
                {
                    var written = Libc.Write(fd, buffer, (nuint)packet.Length);
                    if (written == packet.Length) return true;
                    if (written >= 0) throw new IOException($"write({Name}) took {written} of {packet.Length} bytes");
                    var errno = Errno.Last;
                    if (errno == Libc.EINTR) continue;
                    if (errno == Libc.EAGAIN) return false;
                    throw Errno.Exception($"write({Name})", errno);
                }
            }
        }
        finally
        {
            _tun.DangerousRelease();
        }
    }

    /// <summary>Injects one IP packet; throws when the kernel refuses it (e.g. EINVAL for a malformed header).</summary>
    public void Write(ReadOnlySpan<byte> packet)
    {
        if (!TryWrite(packet)) throw new IOException($"write({Name}): the device queue is full");
    }

    public void Dispose()
    {
        Wake();
        _tun.Dispose();
        _wake.Dispose();
    }

    private unsafe void Wake()
    {
        var added = false;
        try
        {
            _wake.DangerousAddRef(ref added);
            ulong one = 1;
            _ = Libc.Write(_wake.Fd, (byte*)&one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (added) _wake.DangerousRelease();
        }
    }

    private int AddRef()
    {
        var added = false;
        _tun.DangerousAddRef(ref added);
        return _tun.Fd;
    }
}
