using System.Net.Sockets;
using System.Runtime.InteropServices;
using EdgeMx.Net.Interop;

namespace EdgeMx.Net.Netlink;

/// <summary>
/// An AF_NETLINK / NETLINK_ROUTE socket in the network namespace of the thread that opened it. Requests are
/// serialised, carry increasing sequence numbers and wait for their own ACK or multipart dump; replies to other
/// (abandoned) sequence numbers are discarded. The descriptor is owned by a <see cref="SafeSocketHandle"/> and driven
/// through <see cref="Socket"/>, so receiving is asynchronous on the runtime's epoll loop: no thread blocks and
/// nothing polls.
/// </summary>
/// <remarks>
/// Only processes with CAP_NET_ADMIN can unicast to a NETLINK_ROUTE port (the family has no NL_CFG_F_NONROOT_SEND),
/// so what arrives here comes from the kernel.
/// </remarks>
public sealed partial class NetlinkSocket : IDisposable
{
    public const int NetlinkRoute = 0;        // NETLINK_ROUTE
    public const int NetlinkXfrm = 6;         // NETLINK_XFRM (IPsec SAs and policies, linux/xfrm.h)
    public const int SolNetlink = 270;        // SOL_NETLINK
    public const int AddMembership = 1;       // NETLINK_ADD_MEMBERSHIP
    public const int DropMembership = 2;      // NETLINK_DROP_MEMBERSHIP
    public const int CapAck = 10;             // NETLINK_CAP_ACK: errors echo only the request header
    public const int ExtAck = 11;             // NETLINK_EXT_ACK: errors carry the kernel's reason
    public const int SockaddrSize = 12;       // struct sockaddr_nl { sa_family_t; u16 pad; u32 nl_pid; u32 nl_groups; }
    public const int SockaddrPortIdOffset = 4;
    public const int SockaddrGroupsOffset = 8;

    /// <summary>
    /// The kernel sizes dump datagrams after the largest buffer it has seen us offer, capped at 32 KiB
    /// (netlink_recvmsg); 64 KiB leaves room, and MSG_TRUNC tells us if anything is ever larger.
    /// </summary>
    public const int ReceiveBufferSize = 64 * 1024;

    private const int EMSGSIZE = 90;
    private readonly Socket _socket;
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private uint _sequence;

    private NetlinkSocket(Socket socket, uint portId)
    {
        _socket = socket;
        PortId = portId;
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>The port id the kernel gave this socket (nl_pid).</summary>
    public uint PortId { get; }

    /// <summary>How long a request waits for its reply before failing with ETIMEDOUT.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Opens a NETLINK_ROUTE (or, with <paramref name="protocol"/>, another family's) socket in the calling thread's network namespace.</summary>
    /// <param name="kernelReceiveBuffer">SO_RCVBUF in bytes for sockets that subscribe to busy groups; 0 keeps the default.</param>
    /// <param name="protocol"><see cref="NetlinkRoute"/> or <see cref="NetlinkXfrm"/>: both speak the same request/ACK/dump protocol.</param>
    public static unsafe NetlinkSocket Open(int kernelReceiveBuffer = 0, int protocol = NetlinkRoute)
    {
        var fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (fd < 0) throw Errno.Exception(protocol == NetlinkRoute ? "socket(AF_NETLINK, NETLINK_ROUTE)" : $"socket(AF_NETLINK, protocol {protocol})");
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            // Extended ACKs are best effort: kernels before 4.12 lack them and the errno alone still tells the story.
            int one = 1;
            _ = Libc.SetSockOpt(fd, SolNetlink, ExtAck, &one, sizeof(int));
            _ = Libc.SetSockOpt(fd, SolNetlink, CapAck, &one, sizeof(int));

            byte* address = stackalloc byte[SockaddrSize];
            new Span<byte>(address, SockaddrSize).Clear();
            *(ushort*)address = Libc.AF_NETLINK; // nl_pid 0: the kernel picks a unique port id
            Errno.ThrowIfFailed(Libc.Bind(fd, address, SockaddrSize), "bind(AF_NETLINK)");
            int length = SockaddrSize;
            Errno.ThrowIfFailed(Libc.GetSockName(fd, address, &length), "getsockname(AF_NETLINK)");
            var portId = *(uint*)(address + SockaddrPortIdOffset);

            var socket = new Socket(handle);
            if (kernelReceiveBuffer > 0) socket.ReceiveBufferSize = kernelReceiveBuffer;
            return new NetlinkSocket(socket, portId);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Subscribes to a multicast group (NETLINK_ADD_MEMBERSHIP takes the group number, unlike nl_groups).</summary>
    public unsafe void JoinGroup(RtnetlinkGroup group)
    {
        int value = (int)group;
        var fd = (int)_socket.SafeHandle.DangerousGetHandle();
        Errno.ThrowIfFailed(Libc.SetSockOpt(fd, SolNetlink, AddMembership, &value, sizeof(int)), $"NETLINK_ADD_MEMBERSHIP {group}");
    }

    /// <summary>Subscribes to a multicast group of a non-rtnetlink family by number (e.g. XFRMNLGRP_EXPIRE = 2).</summary>
    public unsafe void JoinMulticastGroup(int group)
    {
        var fd = (int)_socket.SafeHandle.DangerousGetHandle();
        Errno.ThrowIfFailed(Libc.SetSockOpt(fd, SolNetlink, AddMembership, &group, sizeof(int)), $"NETLINK_ADD_MEMBERSHIP {group}");
    }

    public unsafe void LeaveGroup(RtnetlinkGroup group)
    {
        int value = (int)group;
        var fd = (int)_socket.SafeHandle.DangerousGetHandle();
        Errno.ThrowIfFailed(Libc.SetSockOpt(fd, SolNetlink, DropMembership, &value, sizeof(int)), $"NETLINK_DROP_MEMBERSHIP {group}");
    }

    /// <summary>
    /// Receives one datagram of notifications into <paramref name="buffer"/> and returns its length. An overflow of
    /// the kernel queue (ENOBUFS: notifications were lost) or a datagram larger than the buffer throws a
    /// <see cref="NetlinkException"/>; the caller re-reads the state with a dump.
    /// </summary>
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int received;
        try
        {
            received = await _socket.ReceiveAsync(buffer, SocketFlags.Truncated, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new NetlinkException("receive notifications", ToErrno(e), inner: e);
        }
        if (received > buffer.Length)
            throw new NetlinkException($"receive notifications ({received}-byte datagram, {buffer.Length}-byte buffer)", EMSGSIZE);
        return received;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _gate.Dispose();
    }

    internal static int ToErrno(SocketException e)
    {
        // On Linux NativeErrorCode is the errno; map the few we act on in case a runtime reports the portable code.
        if (e.NativeErrorCode is > 0 and < 4096) return e.NativeErrorCode;
        return e.SocketErrorCode switch
        {
            SocketError.NoBufferSpaceAvailable => Libc.ENOBUFS,
            SocketError.TimedOut => Libc.ETIMEDOUT,
            SocketError.Interrupted => Libc.EINTR,
            _ => NetlinkException.EINVAL,
        };
    }
}
