using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Transform;
using EdgeMx.Esp.Sa;
using EdgeMx.Hal.Crypto;
using EdgeMx.Net.Links;
using EdgeMx.Net.Routing;
using EdgeMx.Net.Tun;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// ESP in user space (the default wherever the kernel has no ESP): the kernel routes the remote protected subnets
/// into a TUN device; one thread reads it, finds the policy, encapsulates in place and sends ESP in UDP (RFC 3948,
/// on the socket IKE floats to) or as IP protocol 50; the receive threads of those sockets decapsulate in place and
/// write the inner packets back into the TUN device. Nothing is copied between the socket and the device, and
/// nothing is allocated per packet (AES-GCM).
/// </summary>
public sealed partial class UserSpaceDataPlane : IEspDataPlane, IAsyncDisposable
{
    public const string BackendName = "userspace";

    private readonly UserSpaceDataPlaneOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TunDevice _tun;
    private readonly LinkTable _links;
    private readonly RouteTable _routeTable;
    private readonly TunnelRoutes _routes;
    private readonly IEspUdpTransport _udp;
    private readonly UdpEncapsulationSocket? _ownUdp;
    private readonly ConcurrentDictionary<AddressFamily, RawEspSocket> _raw = new();
    private readonly ConcurrentDictionary<IPAddress, int> _uplinkMtus = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _outbound;
    private readonly ITimer _lifetimeTimer;
    private readonly object _control = new();

    private UserSpaceDataPlane(UserSpaceDataPlaneOptions options, ICryptoProvider crypto, TimeProvider time, ILogger logger,
        TunDevice tun, int tunIndex, LinkTable links, RouteTable routes, IEspUdpTransport? udp)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _tun = tun;
        _links = links;
        _routeTable = routes;
        Table = new ChildSaTable(crypto, time, UplinkMtu);
        Path = new EspPacketPath(Table, options.Path, time);
        _routes = new TunnelRoutes(routes, links, tunIndex, options.DefaultUplinkMtu, options, logger);
        Table.PolicyAdded += policy => { _routes.Add(policy); UpdateTunMtu(); };
        Table.PolicyRemoved += _routes.Remove;
        if (udp is null)
        {
            _ownUdp = new UdpEncapsulationSocket(ReceiveEsp, options.Namespace, logger);
            udp = _ownUdp;
        }
        _udp = udp;
        _outbound = new Thread(OutboundLoop) { IsBackground = true, Name = $"esp-out {tun.Name}" };
        _outbound.Start();
        _lifetimeTimer = time.CreateTimer(_ => CheckLifetimes(), null, options.LifetimeCheckInterval, options.LifetimeCheckInterval);
    }

    public string Backend => BackendName;

    /// <summary>The TUN device's name.</summary>
    public string Device => _tun.Name;

    public ChildSaTable Table { get; }
    public EspPacketPath Path { get; }

    /// <summary>The socket this data plane opened itself when no IKE transport was given (tests and benchmarks).</summary>
    public UdpEncapsulationSocket? OwnUdpSocket => _ownUdp;

    /// <summary>Prefixes routed into the tunnel right now.</summary>
    public IReadOnlyCollection<IPNetwork> RoutedPrefixes => _routes.Routed;

    public event Action<EspSaExpiry>? SaExpired;

    /// <summary>
    /// Creates the TUN device (up, MTU = the default uplink MTU until SAs are installed) and starts the threads.
    /// <paramref name="udp"/> is the IKE transport's NAT-T socket; without one the data plane opens its own UDP
    /// sockets on each CHILD_SA's local endpoint.
    /// </summary>
    public static async Task<UserSpaceDataPlane> StartAsync(UserSpaceDataPlaneOptions options, ICryptoProvider crypto,
        TimeProvider time, ILogger logger, IEspUdpTransport? udp = null, CancellationToken cancellationToken = default)
    {
        var tun = TunDevice.Open(options.TunName, ns: options.Namespace);
        LinkTable? links = null;
        RouteTable? routes = null;
        try
        {
            links = LinkTable.Open(options.Namespace);
            routes = RouteTable.Open(options.Namespace);
            var index = await links.GetIndexAsync(tun.Name, cancellationToken).ConfigureAwait(false);
            await links.SetMtuAsync(index, options.DefaultUplinkMtu, cancellationToken).ConfigureAwait(false);
            NoIpv6Autoconfiguration(tun.Name, options, logger); // before the device comes up
            await links.SetUpAsync(index, true, cancellationToken).ConfigureAwait(false);
            AcceptLocalSource(tun.Name, options, logger);
            var plane = new UserSpaceDataPlane(options, crypto, time, logger, tun, index, links, routes, udp);
            LogStarted(logger, tun.Name, udp is null ? "own sockets" : "the IKE transport's socket");
            return plane;
        }
        catch
        {
            routes?.Dispose();
            links?.Dispose();
            tun.Dispose();
            throw;
        }
    }

    /// <summary>
    /// No IPv6 link-local address on the TUN device (addr_gen_mode 1, RFC 4862 autoconfiguration off), so the kernel
    /// sends nothing of its own into the tunnel: without it, router solicitations and MLD reports from fe80:: to ff02::
    /// (RFC 4861 §6.3.7, RFC 3810) came out of the device, matched no policy and were counted as noPolicy drops on
    /// every healthy tunnel. IPv6 stays enabled: routes to IPv6 remote subnets through the device still work.
    /// </summary>
    private static void NoIpv6Autoconfiguration(string device, UserSpaceDataPlaneOptions options, ILogger logger)
    {
        void Write() => File.WriteAllText($"/proc/sys/net/ipv6/conf/{device}/addr_gen_mode", "1");
        try
        {
            if (options.Namespace is { } ns) ns.Run(Write);
            else Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No IPv6 in this kernel (ipv6.disable=1): then the device sends no IPv6 either.
            LogIpv6AutoconfigurationKept(logger, e, device);
        }
    }

    /// <summary>
    /// ICMP errors to LAN hosts are written into the TUN device with the appliance's own LAN address as source;
    /// without accept_local the kernel would drop them as martians (RFC 1812 §5.3.7 source checks).
    /// </summary>
    private static void AcceptLocalSource(string device, UserSpaceDataPlaneOptions options, ILogger logger)
    {
        void Write() => File.WriteAllText($"/proc/sys/net/ipv4/conf/{device}/accept_local", "1");
        try
        {
            if (options.Namespace is { } ns) ns.Run(Write);
            else Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogAcceptLocalFailed(logger, e, device);
        }
    }

    public void Install(EspChildSa childSa)
    {
        lock (_control)
        {
            if (childSa.Endpoints.UdpEncapsulation) _ownUdp?.Bind(childSa.Endpoints.Local);
            else EnsureRaw(childSa.Endpoints.Remote.AddressFamily);
            Table.Install(childSa);
        }
        UpdateTunMtu();
        LogInstalled(_logger, childSa.ToString());
    }

    public void UpdateEndpoints(uint inboundSpi, EspEndpoints endpoints)
    {
        lock (_control)
        {
            if (endpoints.UdpEncapsulation) _ownUdp?.Bind(endpoints.Local);
            else EnsureRaw(endpoints.Remote.AddressFamily);
            if (Table.UpdateEndpoints(inboundSpi, endpoints)) LogEndpoints(_logger, inboundSpi, endpoints.ToString());
        }
        UpdateTunMtu();
    }

    public void Remove(uint inboundSpi, uint outboundSpi)
    {
        bool removed;
        lock (_control) removed = Table.Remove(inboundSpi, outboundSpi);
        if (removed) LogRemoved(_logger, inboundSpi, outboundSpi);
        UpdateTunMtu();
    }

    public EspChildSaStatus? GetStatus(uint inboundSpi) => Table.GetStatus(inboundSpi);

    public IReadOnlyList<EspChildSaStatus> Snapshot() => Table.Snapshot();

    /// <summary>Waits until route and MTU changes queued so far are applied (tests; the packet path never waits).</summary>
    public Task SettleAsync() => _routes.FlushAsync();

    /// <summary>
    /// The receive path: one ESP packet (SPI through ICV) from a NAT-T or raw socket, decapsulated in place and
    /// written to the TUN device. Called on the socket's receive thread; thread-safe; never throws for packet
    /// contents.
    /// </summary>
    public void ReceiveEsp(Span<byte> esp)
    {
        if (!Path.Inbound(esp, out var offset, out var length)) return;
        try
        {
            if (!_tun.TryWrite(esp.Slice(offset, length))) Path.Counters.Drops.Increment(EspDropReason.SendFailed);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Path.Counters.Drops.Increment(EspDropReason.SendFailed);
        }
    }

    /// <summary>Packets read from the TUN device per wake-up at most (each in its own buffer), and so the longest run sent at once.</summary>
    private const int MaxBatch = 16;

    private const int MaxInnerPacket = 65535;
    private const int SlotSize = EspPacketPath.Headroom + MaxInnerPacket + EspPacketPath.Tailroom;

    /// <summary>
    /// The send path. Each wake-up reads what the TUN queue holds (up to <see cref="MaxBatch"/> packets, each into
    /// its own buffer), encapsulates each in place, and sends consecutive ESP-in-UDP packets of the same SA and size
    /// as one run (<see cref="IEspUdpTransport.TrySendEspRun"/>: UDP segmentation offload, one system call per run).
    /// A run ends at the first packet of another SA or another size and when the queue is empty, so nothing waits
    /// for a batch to fill. The buffers are pinned (the kernel reads the run through an iovec array) and allocated
    /// once; nothing is allocated per packet.
    /// </summary>
    private unsafe void OutboundLoop()
    {
        var slots = new byte[MaxBatch][];
        var addresses = new nint[MaxBatch];
        for (var i = 0; i < MaxBatch; i++)
        {
            slots[i] = GC.AllocateArray<byte>(SlotSize, pinned: true);
            fixed (byte* p = slots[i]) addresses[i] = (nint)p; // pinned object heap: the address never changes
        }
        var run = new EspDatagram[MaxBatch];
        var reply = new byte[IcmpMaximum];
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            var count = 0;
            PolicyTarget? runTarget = null;
            for (var slot = 0; slot < MaxBatch; slot++)
            {
                var buffer = slots[slot];
                int length;
                try
                {
                    if (slot == 0) length = _tun.Read(buffer.AsSpan(EspPacketPath.Headroom, MaxInnerPacket), token);
                    else if (!_tun.TryRead(buffer.AsSpan(EspPacketPath.Headroom, MaxInnerPacket), out length)) break;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or Net.NativeCallException)
                {
                    if (token.IsCancellationRequested) return;
                    LogTunError(_logger, e);
                    break;
                }
                switch (Path.Outbound(buffer, length, reply, out var offset, out var espLength, out var target, out var replyLength))
                {
                    case OutboundVerdict.Send when target!.Endpoints.UdpEncapsulation && length > target.TunnelMtu:
                        // An IPv4 packet without DF over the tunnel MTU: its ESP packet needs outer fragmentation,
                        // which a segmented send cannot do. It goes alone, after the run before it.
                        if (count > 0) SendRun(run.AsSpan(0, count), runTarget!);
                        count = 0;
                        SendRun([new EspDatagram(addresses[slot] + offset, espLength)], target);
                        break;
                    case OutboundVerdict.Send when target.Endpoints.UdpEncapsulation:
                        if (count > 0 && !Continues(run, count, runTarget!, target, espLength))
                        {
                            SendRun(run.AsSpan(0, count), runTarget!);
                            count = 0;
                        }
                        run[count++] = new EspDatagram(addresses[slot] + offset, espLength);
                        runTarget = target;
                        break;
                    case OutboundVerdict.Send:
                        if (!(_raw.TryGetValue(target!.Endpoints.Remote.AddressFamily, out var raw) && raw.TrySend(buffer.AsSpan(offset, espLength), target.Endpoints)))
                            CountSendFailures(target, 1);
                        break;
                    case OutboundVerdict.Reply:
                        try { _tun.TryWrite(reply.AsSpan(0, replyLength)); }
                        catch (IOException) { }
                        break;
                }
            }
            if (count > 0) SendRun(run.AsSpan(0, count), runTarget!);
        }
    }

    /// <summary>Whether a packet can join the pending run: same SA and endpoints, and not longer than the run's packets (a shorter one ends it).</summary>
    private static bool Continues(EspDatagram[] run, int count, PolicyTarget runTarget, PolicyTarget target, int espLength) =>
        ReferenceEquals(target, runTarget) && espLength <= run[0].Length && run[count - 1].Length == run[0].Length
        && count < UdpSegmentSender.MaxSegments;

    private void SendRun(ReadOnlySpan<EspDatagram> packets, PolicyTarget target)
    {
        var sent = packets.Length == 1
            ? (_udp.TrySendEsp(packets[0].Span, target.Endpoints) ? 1 : 0)
            : _udp.TrySendEspRun(packets, target.Endpoints);
        if (sent < packets.Length) CountSendFailures(target, packets.Length - sent);
    }

    private void CountSendFailures(PolicyTarget target, int count)
    {
        for (var i = 0; i < count; i++)
        {
            target.Sa.Drops.Increment(EspDropReason.SendFailed);
            Path.Counters.Drops.Increment(EspDropReason.SendFailed);
        }
    }

    private const int IcmpMaximum = 1280;

    private void EnsureRaw(AddressFamily family)
    {
        if (!_options.RawEsp) throw new InvalidOperationException("raw ESP (IP protocol 50) is disabled; the CHILD_SA needs UDP encapsulation");
        _raw.GetOrAdd(family, f => RawEspSocket.Open(f, ReceiveEsp, _options.Namespace, _logger));
    }

    private void CheckLifetimes()
    {
        try
        {
            foreach (var expiry in Table.CheckLifetimes())
            {
                LogExpiry(_logger, expiry.ToString());
                SaExpired?.Invoke(expiry);
            }
        }
        catch (Exception e)
        {
            LogTimerFailed(_logger, e);
        }
    }

    /// <summary>The TUN MTU follows the largest tunnel MTU, so the kernel fragments or signals only what no SA could carry.</summary>
    private void UpdateTunMtu()
    {
        if (Table.MaxInstalledTunnelMtu() is { } mtu) _routes.SetMtu(mtu);
    }

    /// <summary>The MTU of the interface holding a CHILD_SA's local address (cached), or the configured default.</summary>
    private int UplinkMtu(EspEndpoints endpoints) =>
        _uplinkMtus.GetOrAdd(endpoints.Local.Address, address =>
        {
            try
            {
                // Control-plane path (SA install): a netlink round trip is fine here.
                var addresses = _links.GetAddressesAsync((int?)null, address.AddressFamily).GetAwaiter().GetResult();
                var match = addresses.FirstOrDefault(a => a.Address.Equals(address));
                if (match is null) return _options.DefaultUplinkMtu;
                var link = _links.GetAsync(match.InterfaceIndex).GetAwaiter().GetResult();
                return link?.Mtu > 0 ? link.Mtu : _options.DefaultUplinkMtu;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogMtuLookupFailed(_logger, e, address);
                return _options.DefaultUplinkMtu;
            }
        });

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _lifetimeTimer.DisposeAsync().ConfigureAwait(false);
        _outbound.Join(TimeSpan.FromSeconds(5));
        _ownUdp?.Dispose();
        foreach (var raw in _raw.Values) raw.Dispose();
        await _routes.DisposeAsync().ConfigureAwait(false);
        // Closing the (non-persistent) TUN device deletes it, and the kernel removes the routes through it.
        _tun.Dispose();
        Table.Dispose();
        _routeTable.Dispose();
        _links.Dispose();
        _stop.Dispose();
        LogStopped(_logger, _tun.Name);
    }
}
