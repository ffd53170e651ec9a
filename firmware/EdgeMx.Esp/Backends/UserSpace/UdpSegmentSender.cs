using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using EdgeMx.Esp.Interop;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// Sends a run of ESP-in-UDP packets to one peer in one sendmsg(2) with UDP generic segmentation offload
/// (UDP_SEGMENT, Linux 4.18+): the kernel carries the run as one buffer through routing, netfilter and the qdisc
/// and cuts it into datagrams of the segment size as late as it can (in the NIC, or just before the device), so a
/// run costs one system call and one trip through the stack instead of one per packet. The datagrams on the wire
/// are exactly the packets given, in order. Every packet but the last must have the first one's length; the last
/// may be shorter. Where the kernel or the device refuses (an old kernel, no checksum offload, a run over the path
/// MTU), the run goes packet by packet, and a refusal that will not change switches segmentation off for the socket.
/// One instance per socket; thread-safe.
/// </summary>
public sealed class UdpSegmentSender
{
    /// <summary>UDP_MAX_SEGMENTS of older kernels (newer ones take 128).</summary>
    public const int MaxSegments = 64;

    /// <summary>Largest run: the UDP payload of one IPv4 datagram (65535 − 20 − 8), with margin for options.</summary>
    public const int MaxRunBytes = 65000;

    private const int DisableAfterInvalid = 64;
    private volatile bool _disabled;
    private int _invalidInARow;

    /// <summary>False once the kernel refused segmentation for good (sends then go packet by packet).</summary>
    public bool Enabled => !_disabled;

    /// <summary>
    /// Sends <paramref name="packets"/> to <paramref name="remote"/> from <paramref name="socket"/>; returns how many
    /// left (all of them, or, when the socket's buffer is full, none — lost like on a wire). Never throws for
    /// network errors.
    /// </summary>
    public int Send(Socket socket, SocketAddress remote, ReadOnlySpan<EspDatagram> packets)
    {
        if (packets.IsEmpty) return 0;
        if (packets.Length > 1 && !_disabled && IsRun(packets))
        {
            if (TrySendRun(socket, remote, packets, out var errno))
            {
                _invalidInARow = 0;
                return packets.Length;
            }
            switch (errno)
            {
                case Libc.EAGAIN or Libc.ENOBUFS:
                    return 0;
                case Libc.EIO or Libc.ENOPROTOOPT or Libc.EOPNOTSUPP:
                    // No checksum offload on the route's device, or a kernel without UDP_SEGMENT: it stays so.
                    _disabled = true;
                    break;
                case Libc.EINVAL or Libc.EMSGSIZE:
                    // This run did not fit (a segment over a path MTU lower than the uplink's, ...): it goes packet
                    // by packet. Refused again and again with no run getting through, segmentation is off.
                    if (++_invalidInARow >= DisableAfterInvalid) _disabled = true;
                    break;
                default:
                    // ENETUNREACH, EHOSTUNREACH, ECONNREFUSED (an ICMP error reported on the socket), ...: the
                    // packets are lost like on a wire, as SendTo would lose them.
                    return 0;
            }
        }
        var sent = 0;
        foreach (var packet in packets)
            if (SendOne(socket, remote, packet.Span)) sent++;
        return sent;
    }

    /// <summary>All packets but the last the same length, the last no longer, and the run within the kernel's limits.</summary>
    public static bool IsRun(ReadOnlySpan<EspDatagram> packets)
    {
        if (packets.Length > MaxSegments) return false;
        var size = packets[0].Length;
        var total = 0;
        for (var i = 0; i < packets.Length; i++)
        {
            var length = packets[i].Length;
            if (length > size || (length < size && i != packets.Length - 1)) return false;
            total += length;
        }
        return size > 0 && total <= MaxRunBytes;
    }

    private static bool SendOne(Socket socket, SocketAddress remote, ReadOnlySpan<byte> packet)
    {
        try
        {
            return socket.SendTo(packet, SocketFlags.None, remote) == packet.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private static unsafe bool TrySendRun(Socket socket, SocketAddress remote, ReadOnlySpan<EspDatagram> packets, out int errno)
    {
        var iov = stackalloc Libc.IoVec[packets.Length];
        for (var i = 0; i < packets.Length; i++)
            iov[i] = new Libc.IoVec { Base = packets[i].Address, Length = (nuint)packets[i].Length };
        // One control message: SOL_UDP / UDP_SEGMENT with the segment size as a u16 (linux/udp.h).
        var header = Libc.CmsgAlign(sizeof(Libc.CmsgHdr));
        var space = header + Libc.CmsgAlign(sizeof(ushort));
        var control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        var cmsg = (Libc.CmsgHdr*)control;
        cmsg->Length = (nuint)(header + sizeof(ushort));
        cmsg->Level = Libc.SOL_UDP;
        cmsg->Type = Libc.UDP_SEGMENT;
        *(ushort*)(control + header) = (ushort)packets[0].Length;

        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            fixed (byte* name = remote.Buffer.Span)
            {
                var message = new Libc.MsgHdr
                {
                    Name = (nint)name,
                    NameLength = (uint)remote.Size,
                    Iov = (nint)iov,
                    IovLength = (nuint)packets.Length,
                    Control = (nint)control,
                    ControlLength = (nuint)space,
                };
                while (true)
                {
                    if (Libc.SendMsg(fd, &message, Libc.MSG_NOSIGNAL) >= 0)
                    {
                        errno = 0;
                        return true;
                    }
                    errno = Marshal.GetLastPInvokeError();
                    if (errno != Libc.EINTR) return false;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            errno = Libc.EAGAIN; // the socket closed under us: the run is lost, as SendTo would lose it
            return false;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }
}
