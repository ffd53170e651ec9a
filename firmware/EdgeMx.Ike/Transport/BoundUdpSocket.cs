using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.Backends.UserSpace;

namespace EdgeMx.Ike.Transport;

/// <summary>One UDP socket of <see cref="IkeUdpTransport"/> and its receive thread.</summary>
internal sealed class BoundUdpSocket(Socket socket, IPEndPoint local, bool isNatTraversal) : IDisposable
{
    private const int SolSocket = 1;
    private const int SoSndBufForce = 32; // SO_SNDBUFFORCE: root may exceed net.core.wmem_max
    private const int SoRcvBufForce = 33; // SO_RCVBUFFORCE
    private const int BufferSize = 4 << 20; // ESP-in-UDP shares the 4500 socket: bursts of full-size packets
    private readonly ConcurrentRemotes _remotes = new();
    private readonly UdpSegmentSender _segments = new();
    private Thread? _thread;
    private volatile bool _disposed;

    public Socket Socket { get; } = socket;
    public IPEndPoint Local { get; } = local;
    public bool IsNatTraversal { get; } = isNatTraversal;
    public bool IsDisposed => _disposed;

    public void Start(Action<BoundUdpSocket> loop)
    {
        _thread = new Thread(() => loop(this)) { IsBackground = true, Name = $"ike-udp {Local}" };
        _thread.Start();
    }

    public bool TrySend(ReadOnlySpan<byte> data, IPEndPoint remote) => TrySend(data, remote, out _);

    public bool TrySend(ReadOnlySpan<byte> data, IPEndPoint remote, out SocketError error)
    {
        error = SocketError.Success;
        try
        {
            return Socket.SendTo(data, SocketFlags.None, _remotes.Get(remote)) == data.Length;
        }
        catch (SocketException e)
        {
            // ENOBUFS, ENETUNREACH (uplink down), ...: lost like on a wire; IKE retransmits.
            error = e.SocketErrorCode;
            return false;
        }
        catch (ObjectDisposedException)
        {
            error = SocketError.Shutdown;
            return false;
        }
    }

    /// <summary>A run of ESP packets to one peer in one system call (UDP segmentation offload where the kernel has it).</summary>
    public int TrySendRun(ReadOnlySpan<EspDatagram> packets, IPEndPoint remote) => _segments.Send(Socket, _remotes.Get(remote), packets);

    public static void EnlargeBuffers(Socket socket)
    {
        Span<byte> value = stackalloc byte[4];
        BitConverter.TryWriteBytes(value, BufferSize);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, value);
            socket.SetRawSocketOption(SolSocket, SoSndBufForce, value);
        }
        catch (SocketException)
        {
            // Not root: the plain options, capped by net.core.rmem_max / wmem_max.
            socket.ReceiveBufferSize = BufferSize;
            socket.SendBufferSize = BufferSize;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // Shutdown wakes the blocked receive; then the socket can go.
        try { Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        Socket.Dispose();
        if (_thread is { } thread && thread != Thread.CurrentThread) thread.Join(TimeSpan.FromSeconds(5));
    }

    /// <summary>Serialized peer addresses, cached so the ESP send path allocates nothing per packet.</summary>
    private sealed class ConcurrentRemotes
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<IPEndPoint, SocketAddress> _cache = new();

        public SocketAddress Get(IPEndPoint remote)
        {
            if (_cache.TryGetValue(remote, out var address)) return address;
            if (_cache.Count > 4096) _cache.Clear(); // bounded: peers come and go (NAT mappings change)
            return _cache.GetOrAdd(remote, r => r.Serialize());
        }
    }
}
