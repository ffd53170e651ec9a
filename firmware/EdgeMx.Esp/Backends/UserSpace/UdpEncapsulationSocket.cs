using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Net;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// A UDP socket per local NAT-T endpoint (normally port 4500), each with one receive thread that sorts datagrams as
/// RFC 3948 §2 says: ESP goes to the data plane in place (no copy), IKE (after the non-ESP marker) to
/// <see cref="IkeReceived"/>, keepalives nowhere. For the data plane without an IKE transport of its own (tests,
/// benchmarks with fixed keys); with IKE, its transport owns the socket and implements <see cref="IEspUdpTransport"/>.
/// </summary>
public sealed partial class UdpEncapsulationSocket : IEspUdpTransport, IDisposable
{
    /// <summary>An IKE message that arrived behind the non-ESP marker (marker removed).</summary>
    public delegate void IkeDatagramHandler(ReadOnlySpan<byte> message, IPEndPoint remote, IPEndPoint local);

    private readonly ConcurrentDictionary<IPEndPoint, Bound> _sockets = new();
    private readonly NetworkNamespace? _namespace;
    private readonly ILogger _logger;
    private readonly EspReceiver _esp;
    private volatile bool _disposed;

    /// <param name="esp">Where ESP datagrams go: the data plane's receive path.</param>
    public UdpEncapsulationSocket(EspReceiver esp, NetworkNamespace? ns, ILogger logger)
    {
        _esp = esp;
        _namespace = ns;
        _logger = logger;
    }

    /// <summary>Receives an ESP packet in place on a socket's receive thread.</summary>
    public delegate void EspReceiver(Span<byte> esp);

    public IkeDatagramHandler? IkeReceived { get; set; }

    public long KeepalivesReceived => Interlocked.Read(ref _keepalives);
    public long InvalidReceived => Interlocked.Read(ref _invalid);
    private long _keepalives;
    private long _invalid;

    /// <summary>Opens (once) the socket for <paramref name="local"/> and starts its receive thread.</summary>
    public void Bind(IPEndPoint local)
    {
        if (_disposed) throw new ObjectDisposedException(nameof(UdpEncapsulationSocket));
        _sockets.GetOrAdd(local, endpoint =>
        {
            var socket = _namespace is null ? Open(endpoint) : _namespace.Run(() => Open(endpoint));
            var bound = new Bound(socket, endpoint);
            bound.Thread = new Thread(() => ReceiveLoop(bound)) { IsBackground = true, Name = $"esp-udp {endpoint}" };
            bound.Thread.Start();
            LogBound(_logger, endpoint);
            return bound;
        });
    }

    private static Socket Open(IPEndPoint local)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            SocketBuffers.Enlarge(socket);
            socket.Bind(local);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public bool TrySendEsp(ReadOnlySpan<byte> esp, EspEndpoints endpoints)
    {
        if (!_sockets.TryGetValue(endpoints.Local, out var bound)) return false;
        try
        {
            return bound.Socket.SendTo(esp, SocketFlags.None, endpoints.RemoteUdpAddress) == esp.Length;
        }
        catch (SocketException)
        {
            // ENOBUFS, EHOSTUNREACH (uplink down), ...: the packet is lost like on a wire; counted by the caller.
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public int TrySendEspRun(ReadOnlySpan<EspDatagram> packets, EspEndpoints endpoints) =>
        _sockets.TryGetValue(endpoints.Local, out var bound) ? bound.Segments.Send(bound.Socket, endpoints.RemoteUdpAddress, packets) : 0;

    private void ReceiveLoop(Bound bound)
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(bound.Local.AddressFamily);
        while (!_disposed)
        {
            int length;
            try
            {
                length = bound.Socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException e) when (!_disposed)
            {
                // ICMP port unreachable from a peer shows up as ECONNREFUSED on the next receive: not fatal.
                LogReceiveError(_logger, bound.Local, e.SocketErrorCode);
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var datagram = buffer.AsSpan(0, length);
            switch (UdpEncapsulation.Classify(datagram))
            {
                case UdpEncapsulation.Kind.Esp:
                    _esp(datagram);
                    break;
                case UdpEncapsulation.Kind.Ike:
                    if (IkeReceived is { } ike)
                    {
                        var remote = (IPEndPoint)bound.Local.Create(from);
                        ike(datagram[UdpEncapsulation.NonEspMarkerSize..], remote, bound.Local);
                    }
                    break;
                case UdpEncapsulation.Kind.Keepalive:
                    Interlocked.Increment(ref _keepalives);
                    break;
                default:
                    Interlocked.Increment(ref _invalid);
                    break;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var bound in _sockets.Values)
        {
            // Shutdown wakes the blocked receive; then the socket can go.
            try { bound.Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
            bound.Socket.Dispose();
            bound.Thread?.Join(TimeSpan.FromSeconds(5));
        }
        _sockets.Clear();
    }

    private sealed class Bound(Socket socket, IPEndPoint local)
    {
        public Socket Socket { get; } = socket;
        public IPEndPoint Local { get; } = local;
        public UdpSegmentSender Segments { get; } = new();
        public Thread? Thread { get; set; }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "ESP-in-UDP socket open on {Local}")]
    private static partial void LogBound(ILogger logger, IPEndPoint local);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug, Message = "ESP-in-UDP receive on {Local}: {Error}")]
    private static partial void LogReceiveError(ILogger logger, IPEndPoint local, SocketError error);
}
