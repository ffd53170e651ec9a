using System.Buffers.Binary;
using System.Collections.Immutable;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Net.Netlink;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// ESP in the kernel (the boards' kernels have esp4/esp6): each CHILD_SA becomes two XFRM states (inbound and
/// outbound, tunnel mode, with NAT-T encapsulation when negotiated) and its policy one "protect" policy per
/// selector pair in the out, in and fwd directions, tied to the states by a reqid per connection/child. A rekey adds
/// the new states under the same reqid (the kernel sends with the newest), and the old ones stay until
/// <see cref="Remove"/>: make-before-break. Counters come from XFRM_MSG_GETSA; soft/hard expiries from the
/// XFRMNLGRP_EXPIRE group. Requests are synchronous round trips on the tunnel service's (control) thread.
/// </summary>
public sealed partial class XfrmDataPlane : IEspDataPlane, IAsyncDisposable
{
    public const string BackendName = "xfrm";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly NetlinkSocket _socket;
    private readonly NetlinkSocket? _expiries;
    private readonly NetlinkMessageWriter _writer = new();
    private readonly Dictionary<uint, Entry> _byInbound = [];
    private readonly Dictionary<string, PolicyEntry> _policies = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _expiryLoop;
    private uint _nextReqId = 1;

    private sealed class Entry(EspChildSa childSa, EspKeyMaterial inboundKeys, EspKeyMaterial outboundKeys, uint reqId, DateTimeOffset installedAt)
    {
        public EspChildSa ChildSa { get; set; } = childSa;
        public EspKeyMaterial InboundKeys { get; } = inboundKeys;
        public EspKeyMaterial OutboundKeys { get; } = outboundKeys;
        public uint ReqId { get; } = reqId;
        public DateTimeOffset InstalledAt { get; } = installedAt;
        public bool Superseded { get; set; }
    }

    private sealed class PolicyEntry(uint reqId, IReadOnlyList<XfrmPolicySpec> policies)
    {
        public uint ReqId { get; } = reqId;
        public IReadOnlyList<XfrmPolicySpec> Policies { get; set; } = policies;
        public HashSet<uint> InboundSpis { get; } = [];
    }

    private XfrmDataPlane(NetlinkSocket socket, NetlinkSocket? expiries, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _expiries = expiries;
        _time = time;
        _logger = logger;
        _expiryLoop = expiries is null ? Task.CompletedTask : Task.Run(() => ReadExpiriesAsync(expiries, _stop.Token));
    }

    /// <summary>Opens the XFRM netlink sockets (requests, and the expiry group) in the configured namespace.</summary>
    public static XfrmDataPlane Start(XfrmDataPlaneOptions options, TimeProvider time, ILogger logger)
    {
        NetlinkSocket Open() => NetlinkSocket.Open(protocol: NetlinkSocket.NetlinkXfrm);
        var socket = options.Namespace is { } ns ? ns.Run(Open) : Open();
        NetlinkSocket? expiries = null;
        try
        {
            socket.RequestTimeout = options.RequestTimeout;
            expiries = options.Namespace is { } ns2 ? ns2.Run(Open) : Open();
            expiries.JoinMulticastGroup(XfrmUapi.GroupExpire);
            var plane = new XfrmDataPlane(socket, expiries, time, logger);
            LogStarted(logger);
            return plane;
        }
        catch
        {
            expiries?.Dispose();
            socket.Dispose();
            throw;
        }
    }

    public string Backend => BackendName;

    public event Action<EspSaExpiry>? SaExpired;

    public void Install(EspChildSa childSa)
    {
        childSa.InboundKeys.Validate(childSa.Suite);
        childSa.OutboundKeys.Validate(childSa.Suite);
        childSa.Lifetime.Validate();
        lock (_gate)
        {
            if (_byInbound.ContainsKey(childSa.InboundSpi))
                throw new InvalidOperationException($"inbound SPI 0x{childSa.InboundSpi:x8} is already installed");
            var policy = _policies.GetValueOrDefault(childSa.PolicyName);
            var reqId = policy?.ReqId ?? _nextReqId++;
            var entry = new Entry(childSa, Copy(childSa.InboundKeys), Copy(childSa.OutboundKeys), reqId, _time.GetUtcNow());
            var added = new List<(System.Net.IPAddress Destination, uint Spi)>();
            try
            {
                foreach (var sa in States(entry))
                {
                    Request(w => XfrmMessages.NewSa(w, sa), $"XFRM_MSG_NEWSA ({sa})");
                    added.Add((sa.Destination, sa.Spi));
                }
                if (policy is null)
                {
                    var specs = PolicySpecs(childSa, reqId);
                    policy = new PolicyEntry(reqId, specs);
                    InstallPolicies(specs);
                    _policies[childSa.PolicyName] = policy;
                }
            }
            catch
            {
                foreach (var (destination, spi) in added) TryRequest(w => XfrmMessages.DeleteSa(w, destination, spi), "XFRM_MSG_DELSA (rollback)");
                entry.InboundKeys.Dispose();
                entry.OutboundKeys.Dispose();
                throw;
            }
            policy.InboundSpis.Add(childSa.InboundSpi);
            _byInbound[childSa.InboundSpi] = entry;
            // DeferOutboundSwitch is not honoured here: the kernel sends on the newest state of the policy's reqid at once.
            if (childSa.ReplacesInboundSpi is { } old && _byInbound.TryGetValue(old, out var predecessor)) predecessor.Superseded = true;
        }
        LogInstalled(_logger, childSa.ToString());
    }

    public void UpdateEndpoints(uint inboundSpi, EspEndpoints endpoints)
    {
        lock (_gate)
        {
            if (!_byInbound.TryGetValue(inboundSpi, out var entry)) return;
            if (entry.ChildSa.Endpoints == endpoints) return;
            // XFRM keys states by destination address: a move is delete + add (keys kept), then the templates follow.
            foreach (var sa in States(entry)) TryRequest(w => XfrmMessages.DeleteSa(w, sa.Destination, sa.Spi), "XFRM_MSG_DELSA (move)");
            entry.ChildSa = entry.ChildSa with { Endpoints = endpoints };
            foreach (var sa in States(entry)) Request(w => XfrmMessages.NewSa(w, sa), $"XFRM_MSG_NEWSA ({sa})");
            if (_policies.TryGetValue(entry.ChildSa.PolicyName, out var policy) && !entry.Superseded)
            {
                var specs = PolicySpecs(entry.ChildSa, policy.ReqId);
                foreach (var spec in specs) Request(w => XfrmMessages.NewPolicy(w, spec, update: true), $"XFRM_MSG_UPDPOLICY ({spec})");
                policy.Policies = specs;
            }
        }
        LogEndpoints(_logger, inboundSpi, endpoints.ToString());
    }

    public void Remove(uint inboundSpi, uint outboundSpi)
    {
        lock (_gate)
        {
            if (!_byInbound.Remove(inboundSpi, out var entry)) return;
            foreach (var sa in States(entry)) TryRequest(w => XfrmMessages.DeleteSa(w, sa.Destination, sa.Spi), $"XFRM_MSG_DELSA (spi 0x{sa.Spi:x8})");
            if (_policies.TryGetValue(entry.ChildSa.PolicyName, out var policy))
            {
                policy.InboundSpis.Remove(inboundSpi);
                if (policy.InboundSpis.Count == 0)
                {
                    foreach (var spec in policy.Policies) TryRequest(w => XfrmMessages.DeletePolicy(w, spec), $"XFRM_MSG_DELPOLICY ({spec})");
                    _policies.Remove(entry.ChildSa.PolicyName);
                }
            }
            entry.InboundKeys.Dispose();
            entry.OutboundKeys.Dispose();
        }
        LogRemoved(_logger, inboundSpi, outboundSpi);
    }

    public EspChildSaStatus? GetStatus(uint inboundSpi)
    {
        lock (_gate) return _byInbound.TryGetValue(inboundSpi, out var entry) ? Describe(entry) : null;
    }

    public IReadOnlyList<EspChildSaStatus> Snapshot()
    {
        lock (_gate)
            return _byInbound.Values.OrderBy(e => e.ChildSa.Connection, StringComparer.Ordinal)
                .ThenBy(e => e.ChildSa.Child, StringComparer.Ordinal).ThenBy(e => e.ChildSa.UniqueId).Select(Describe).ToList();
    }

    private EspChildSaStatus Describe(Entry entry)
    {
        var child = entry.ChildSa;
        var inbound = Counters(child.Endpoints.Local.Address, child.InboundSpi);
        var outbound = Counters(child.Endpoints.Remote.Address, child.OutboundSpi);
        var drops = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        if (inbound is { ReplayDrops: > 0 }) drops["replay"] = inbound.ReplayDrops;
        if (inbound is { IntegrityFailures: > 0 }) drops["integrityFailure"] = inbound.IntegrityFailures;
        return new EspChildSaStatus
        {
            Connection = child.Connection,
            Child = child.Child,
            UniqueId = child.UniqueId,
            State = entry.Superseded ? "rekeyed" : "installed",
            InboundSpi = child.InboundSpi.ToString("x8"),
            OutboundSpi = child.OutboundSpi.ToString("x8"),
            Suite = child.Suite.Name,
            ExtendedSequenceNumbers = child.ExtendedSequenceNumbers,
            Encapsulation = child.Endpoints.UdpEncapsulation ? "esp-in-udp" : "esp",
            LocalEndpoint = child.Endpoints.Local.ToString(),
            RemoteEndpoint = child.Endpoints.Remote.ToString(),
            LocalSelectors = [.. child.LocalSelectors.Select(s => s.ToString())],
            RemoteSelectors = [.. child.RemoteSelectors.Select(s => s.ToString())],
            BytesIn = (long)(inbound?.Bytes ?? 0),
            PacketsIn = (long)(inbound?.Packets ?? 0),
            BytesOut = (long)(outbound?.Bytes ?? 0),
            PacketsOut = (long)(outbound?.Packets ?? 0),
            SequenceIn = inbound?.InboundSequence ?? 0,
            SequenceOut = outbound?.OutboundSequence ?? 0,
            InstalledAt = entry.InstalledAt,
            DropsIn = drops.ToImmutable(),
            Lifetime = inbound is null && outbound is null ? "hardExpired" : "active",
        };
    }

    private XfrmSaCounters? Counters(System.Net.IPAddress destination, uint spi)
    {
        _writer.Reset();
        XfrmMessages.GetSa(_writer, destination, spi);
        try
        {
            return _socket.QueryAsync(_writer, $"XFRM_MSG_GETSA (spi 0x{spi:x8})", XfrmSaCounters.Parse).GetAwaiter().GetResult();
        }
        catch (NetlinkException e)
        {
            LogCountersFailed(_logger, e, spi);
            return null;
        }
    }

    /// <summary>Both directions of a CHILD_SA as XFRM states: in = peer → us under our SPI, out = us → peer under theirs.</summary>
    private static IEnumerable<XfrmSaSpec> States(Entry entry)
    {
        var child = entry.ChildSa;
        var local = child.Endpoints.Local;
        var remote = child.Endpoints.Remote;
        var udp = child.Endpoints.UdpEncapsulation;
        yield return new XfrmSaSpec
        {
            Source = remote.Address, Destination = local.Address, Spi = child.InboundSpi, ReqId = entry.ReqId, Suite = child.Suite,
            Keys = entry.InboundKeys, ExtendedSequenceNumbers = child.ExtendedSequenceNumbers, ReplayWindow = child.ReplayWindow,
            UdpEncapsulation = udp ? ((ushort)remote.Port, (ushort)local.Port) : null, Lifetime = child.Lifetime,
        };
        yield return new XfrmSaSpec
        {
            Source = local.Address, Destination = remote.Address, Spi = child.OutboundSpi, ReqId = entry.ReqId, Suite = child.Suite,
            Keys = entry.OutboundKeys, ExtendedSequenceNumbers = child.ExtendedSequenceNumbers, ReplayWindow = child.ReplayWindow,
            UdpEncapsulation = udp ? ((ushort)local.Port, (ushort)remote.Port) : null, Lifetime = child.Lifetime,
        };
    }

    private static IReadOnlyList<XfrmPolicySpec> PolicySpecs(EspChildSa child, uint reqId) =>
        XfrmSelectors.Policies(child.LocalSelectors, child.RemoteSelectors, child.Endpoints.Local.Address, child.Endpoints.Remote.Address, reqId);

    private void InstallPolicies(IReadOnlyList<XfrmPolicySpec> specs)
    {
        var installed = new List<XfrmPolicySpec>();
        try
        {
            foreach (var spec in specs)
            {
                // UPDPOLICY replaces a leftover of a crashed run with the same selector instead of failing on EEXIST.
                Request(w => XfrmMessages.NewPolicy(w, spec, update: true), $"XFRM_MSG_UPDPOLICY ({spec})");
                installed.Add(spec);
            }
        }
        catch
        {
            foreach (var spec in installed) TryRequest(w => XfrmMessages.DeletePolicy(w, spec), "XFRM_MSG_DELPOLICY (rollback)");
            throw;
        }
    }

    private static EspKeyMaterial Copy(EspKeyMaterial keys) => new(keys.EncryptionKey, keys.IntegrityKey);

    private void Request(Action<NetlinkMessageWriter> build, string operation)
    {
        _writer.Reset();
        build(_writer);
        try
        {
            _socket.RequestAsync(_writer, operation).GetAwaiter().GetResult();
        }
        finally
        {
            // The writer held key bytes for NEWSA: wipe them before the buffer is reused.
            var written = _writer.WrittenSpan;
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(
                System.Runtime.InteropServices.MemoryMarshal.CreateSpan(
                    ref System.Runtime.InteropServices.MemoryMarshal.GetReference(written), written.Length));
            _writer.Reset();
        }
    }

    private void TryRequest(Action<NetlinkMessageWriter> build, string operation)
    {
        try
        {
            Request(build, operation);
        }
        catch (NetlinkException e) when (e.NotFound)
        {
        }
        catch (Exception e) when (e is NetlinkException or IOException)
        {
            LogCleanupFailed(_logger, e, operation);
        }
    }

    private async Task ReadExpiriesAsync(NetlinkSocket socket, CancellationToken token)
    {
        var buffer = new byte[NetlinkSocket.ReceiveBufferSize];
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is NetlinkException or ObjectDisposedException)
            {
                if (token.IsCancellationRequested) return;
                LogExpireReadFailed(_logger, e);
                continue;
            }
            foreach (var expiry in ParseExpiries(buffer.AsSpan(0, received)))
            {
                LogExpiry(_logger, expiry.ToString());
                SaExpired?.Invoke(expiry);
            }
        }
    }

    /// <summary>XFRM_MSG_EXPIRE (struct xfrm_user_expire) for our SAs as lifetime events; others are ignored.</summary>
    internal List<EspSaExpiry> ParseExpiries(ReadOnlySpan<byte> datagram)
    {
        var expiries = new List<EspSaExpiry>();
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            if (message.Type != XfrmUapi.MsgExpire || message.Payload.Length < XfrmUapi.UserExpireSize) continue;
            var info = message.Payload;
            var spi = BinaryPrimitives.ReadUInt32BigEndian(info[(XfrmUapi.SaId + XfrmUapi.IdSpi)..]);
            var hard = info[XfrmUapi.ExpireHard] != 0;
            var current = info.Slice(XfrmUapi.SaCurrent, XfrmUapi.LifetimeCurrentSize);
            var limits = info.Slice(XfrmUapi.SaLifetime, XfrmUapi.LifetimeConfigSize);
            var bytes = BinaryPrimitives.ReadUInt64LittleEndian(current[XfrmUapi.CurrentBytes..]);
            var packets = BinaryPrimitives.ReadUInt64LittleEndian(current[XfrmUapi.CurrentPackets..]);
            var byteLimit = BinaryPrimitives.ReadUInt64LittleEndian(limits[(hard ? XfrmUapi.LifetimeHardBytes : XfrmUapi.LifetimeSoftBytes)..]);
            var packetLimit = BinaryPrimitives.ReadUInt64LittleEndian(limits[(hard ? XfrmUapi.LifetimeHardPackets : XfrmUapi.LifetimeSoftPackets)..]);
            var reason = bytes >= byteLimit ? EspSaExpiryReason.Bytes : packets >= packetLimit ? EspSaExpiryReason.Packets : EspSaExpiryReason.Time;
            EspSaDirection? direction = null;
            lock (_gate)
            {
                if (_byInbound.ContainsKey(spi)) direction = EspSaDirection.Inbound;
                else if (_byInbound.Values.Any(e => e.ChildSa.OutboundSpi == spi && !e.Superseded)) direction = EspSaDirection.Outbound;
            }
            if (direction is { } d) expiries.Add(new EspSaExpiry(spi, d, hard, reason));
        }
        return expiries;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var entry in _byInbound.Values.ToList()) Remove(entry.ChildSa.InboundSpi, entry.ChildSa.OutboundSpi);
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _expiries?.Dispose();
        try { await _expiryLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _socket.Dispose();
        _stop.Dispose();
    }
}
