using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.Backends.UserSpace;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Ike.Transport;

/// <summary>
/// IKE's UDP sockets: per uplink one on the IKE port (500) and one on the NAT-T port (4500), each bound to the
/// uplink's device (SO_BINDTODEVICE) and address, so IKE leaves and arrives on the uplink the tunnel runs over
/// whatever the routing table says. Each socket has a receive thread that sorts datagrams as RFC 3948 §2 says:
/// on the NAT-T port IKE comes behind the 4-octet non-ESP marker (removed before <see cref="IkeReceived"/>),
/// a single 0xFF is a NAT-keepalive (counted, dropped), anything else is ESP-in-UDP and goes, in place, to
/// <see cref="EspReceived"/> (the data plane's <see cref="UserSpaceDataPlane.ReceiveEsp"/>). On the IKE port
/// every datagram is IKE.
/// <para>The ESP data plane sends ESP-in-UDP through <see cref="TrySendEsp"/> from the same 4500 socket, so IKE and
/// ESP share one NAT mapping (RFC 3948 §2.2 relies on that).</para>
/// Thread-safety: <see cref="Send"/>/<see cref="TrySendEsp"/> may be called from any thread; the handlers run on
/// the receive threads and must copy what they keep.
/// </summary>
public sealed partial class IkeUdpTransport : IEspUdpTransport, IDisposable
{
    /// <summary>An IKE message (non-ESP marker already removed) that arrived on <paramref name="local"/>.</summary>
    public delegate void IkeDatagramHandler(ReadOnlySpan<byte> message, IPEndPoint remote, IPEndPoint local);

    private readonly ConcurrentDictionary<IPEndPoint, BoundUdpSocket> _sockets = new();
    private readonly ConcurrentDictionary<IPAddress, UplinkBinding> _uplinks = new();
    private readonly ILogger _logger;
    private readonly object _openLock = new();
    private volatile bool _disposed;
    private long _ikeReceived, _espReceived, _espDropped, _keepalivesReceived, _invalidReceived, _sent, _sendFailures;

    public IkeUdpTransport(ILogger logger, int ikePort = 500, int natTraversalPort = 4500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ikePort, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(natTraversalPort, 1);
        if (ikePort == natTraversalPort) throw new ArgumentException("the IKE and NAT-T ports must differ");
        _logger = logger;
        IkePort = ikePort;
        NatTraversalPort = natTraversalPort;
    }

    public int IkePort { get; }

    public int NatTraversalPort { get; }

    /// <summary>Where IKE messages go. Set it before <see cref="Open"/>; runs on a receive thread.</summary>
    public IkeDatagramHandler? IkeReceived { get; set; }

    /// <summary>
    /// Where ESP-in-UDP goes (in place, no copy): the data plane's receive path. Null while no data plane is
    /// registered; ESP is then counted in <see cref="EspDropped"/>.
    /// </summary>
    public UdpEncapsulationSocket.EspReceiver? EspReceived { get; set; }

    /// <summary>
    /// Runs on every NAT-T socket before it starts receiving. With kernel ESP (XFRM) the data plane sets
    /// UDP_ENCAP_ESPINUDP here, so the kernel decapsulates ESP itself and only IKE reaches us.
    /// </summary>
    public Action<Socket>? ConfigureNatTraversalSocket { get; set; }

    public long IkeDatagramsReceived => Interlocked.Read(ref _ikeReceived);
    public long EspReceivedCount => Interlocked.Read(ref _espReceived);
    public long EspDropped => Interlocked.Read(ref _espDropped);
    public long KeepalivesReceived => Interlocked.Read(ref _keepalivesReceived);
    public long InvalidReceived => Interlocked.Read(ref _invalidReceived);
    public long DatagramsSent => Interlocked.Read(ref _sent);
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>The uplink addresses that have sockets open.</summary>
    public IReadOnlyCollection<IPAddress> OpenAddresses => _uplinks.Keys.ToList();

    /// <summary>
    /// Opens (once per address) the IKE and NAT-T sockets of an uplink and starts their receive threads.
    /// <paramref name="uplink"/> must carry the uplink's address as <see cref="UplinkBinding.Source"/>.
    /// Throws <see cref="SocketException"/> when a port is taken (another IKE daemon running?).
    /// </summary>
    public void Open(UplinkBinding uplink)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        var address = uplink.Source ?? throw new ArgumentException("the uplink binding needs its address", nameof(uplink));
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_openLock)
        {
            if (_uplinks.TryGetValue(address, out var existing))
            {
                if (existing == uplink) return;
                CloseCore(address); // same address, other device or namespace: reopen
            }
            var opened = new List<BoundUdpSocket>(2);
            try
            {
                foreach (var port in new[] { IkePort, NatTraversalPort })
                {
                    var socket = BoundSocket.CreateUdp(uplink, port);
                    BoundUdpSocket.EnlargeBuffers(socket);
                    if (port == NatTraversalPort) ConfigureNatTraversalSocket?.Invoke(socket);
                    var bound = new BoundUdpSocket(socket, new IPEndPoint(address, port), port == NatTraversalPort);
                    opened.Add(bound);
                }
            }
            catch
            {
                foreach (var bound in opened) bound.Dispose();
                throw;
            }
            foreach (var bound in opened)
            {
                _sockets[bound.Local] = bound;
                bound.Start(ReceiveLoop);
                LogOpened(_logger, bound.Local, uplink.Device);
            }
            _uplinks[address] = uplink;
        }
    }

    /// <summary>Closes the sockets of an uplink address (the uplink went away or changed its address).</summary>
    public void Close(IPAddress address)
    {
        lock (_openLock) CloseCore(address);
    }

    private void CloseCore(IPAddress address)
    {
        if (!_uplinks.TryRemove(address, out _)) return;
        foreach (var port in new[] { IkePort, NatTraversalPort })
            if (_sockets.TryRemove(new IPEndPoint(address, port), out var bound))
            {
                bound.Dispose();
                LogClosed(_logger, bound.Local);
            }
    }

    /// <summary>
    /// Carries out one of the engine's <see cref="SendDatagram"/> actions: from the socket of its local endpoint, with
    /// the non-ESP marker on the NAT-T port (RFC 3948 §2.2), keepalives as the bare 0xFF octet (§2.3). False when it
    /// could not be sent (no socket for that address, network error); never throws for network errors.
    /// </summary>
    public bool Send(SendDatagram datagram)
    {
        ArgumentNullException.ThrowIfNull(datagram);
        if (!_sockets.TryGetValue(datagram.Local, out var bound))
        {
            Interlocked.Increment(ref _sendFailures);
            LogNoSocket(_logger, datagram.Local, datagram.Remote);
            return false;
        }
        if (!bound.IsNatTraversal || datagram.IsKeepalive) return SendRaw(bound, datagram.Data, datagram.Remote);
        var framed = new byte[UdpEncapsulation.NonEspMarkerSize + datagram.Data.Length];
        datagram.Data.CopyTo(framed, UdpEncapsulation.NonEspMarkerSize);
        return SendRaw(bound, framed, datagram.Remote);
    }

    /// <inheritdoc />
    public bool TrySendEsp(ReadOnlySpan<byte> esp, EspEndpoints endpoints)
    {
        if (!_sockets.TryGetValue(endpoints.Local, out var bound) || !bound.IsNatTraversal) return false;
        return bound.TrySend(esp, endpoints.Remote);
    }

    /// <inheritdoc />
    public int TrySendEspRun(ReadOnlySpan<EspDatagram> packets, EspEndpoints endpoints)
    {
        if (!_sockets.TryGetValue(endpoints.Local, out var bound) || !bound.IsNatTraversal) return 0;
        return bound.TrySendRun(packets, endpoints.Remote);
    }

    private bool SendRaw(BoundUdpSocket bound, ReadOnlySpan<byte> data, IPEndPoint remote)
    {
        if (bound.TrySend(data, remote, out var error))
        {
            Interlocked.Increment(ref _sent);
            return true;
        }
        Interlocked.Increment(ref _sendFailures);
        LogSendFailed(_logger, bound.Local, remote, error);
        return false;
    }

    private void ReceiveLoop(BoundUdpSocket bound)
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(bound.Local.AddressFamily);
        while (!_disposed && !bound.IsDisposed)
        {
            int length;
            try
            {
                length = bound.Socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException e) when (!_disposed && !bound.IsDisposed)
            {
                // ICMP errors reported on the socket (port unreachable, ...): not fatal for the others' traffic.
                LogReceiveError(_logger, bound.Local, e.SocketErrorCode);
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var datagram = buffer.AsSpan(0, length);
            try
            {
                Dispatch(bound, datagram, from);
            }
            catch (Exception e)
            {
                // A handler bug must not end the receive thread (the appliance would go deaf on this uplink).
                LogHandlerFailed(_logger, bound.Local, e);
            }
        }
    }

    private void Dispatch(BoundUdpSocket bound, Span<byte> datagram, SocketAddress from)
    {
        if (!bound.IsNatTraversal)
        {
            DeliverIke(bound, datagram, from);
            return;
        }
        switch (UdpEncapsulation.Classify(datagram))
        {
            case UdpEncapsulation.Kind.Ike:
                DeliverIke(bound, datagram[UdpEncapsulation.NonEspMarkerSize..], from);
                break;
            case UdpEncapsulation.Kind.Esp:
                if (EspReceived is { } esp)
                {
                    Interlocked.Increment(ref _espReceived);
                    esp(datagram);
                }
                else
                {
                    Interlocked.Increment(ref _espDropped);
                }
                break;
            case UdpEncapsulation.Kind.Keepalive:
                Interlocked.Increment(ref _keepalivesReceived);
                break;
            default:
                Interlocked.Increment(ref _invalidReceived);
                break;
        }
    }

    private void DeliverIke(BoundUdpSocket bound, ReadOnlySpan<byte> message, SocketAddress from)
    {
        Interlocked.Increment(ref _ikeReceived);
        if (IkeReceived is { } ike) ike(message, (IPEndPoint)bound.Local.Create(from), bound.Local);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (_openLock)
        {
            foreach (var bound in _sockets.Values) bound.Dispose();
            _sockets.Clear();
            _uplinks.Clear();
        }
    }
}
