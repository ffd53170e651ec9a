using System.Net;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Engine;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>A datagram on the in-process wire, as the receiver sees it (after any NAT).</summary>
internal sealed record Packet(TestPeer Sender, IPEndPoint From, IPEndPoint To, byte[] Data, bool IsKeepalive);

/// <summary>
/// Two (or more) engines on one fake wire with one manual clock: every action they return is carried out here
/// (datagrams delivered, CHILD_SAs recorded, events collected). A peer can sit behind a NAT (source address and port
/// rewritten, replies mapped back), and a filter can drop packets. Time only moves in <see cref="Advance"/>, which
/// fires the engines' timers at exactly their due times.
/// </summary>
internal sealed class TestNetwork
{
    private readonly List<TestPeer> _peers = [];
    private readonly Queue<Packet> _inFlight = new();
    private readonly Dictionary<TestPeer, IPAddress> _natPublic = [];
    private readonly Dictionary<(TestPeer Peer, int Port), int> _natPorts = [];
    private int _nextNatPort = 40000;
    private int _seed = 1;

    public ManualTimeProvider Time { get; } = new();

    public List<Packet> Log { get; } = [];

    /// <summary>Drops a packet when it returns true (after it was logged).</summary>
    public Func<Packet, bool>? Drop { get; set; }

    public int Dropped { get; private set; }

    public TestPeer AddPeer(string name, string address, IkeEngineOptions? options = null)
    {
        var peer = new TestPeer(name, IPAddress.Parse(address), Time, _seed++, options);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>Puts <paramref name="peer"/> behind a NAT that shows it as <paramref name="publicAddress"/>.</summary>
    public void BehindNat(TestPeer peer, string publicAddress) => _natPublic[peer] = IPAddress.Parse(publicAddress);

    /// <summary>Gives a NATed peer new public ports (a NAT box reboot / mapping timeout).</summary>
    public void RemapNat() => _natPorts.Clear();

    /// <summary>Carries out actions an engine returned, then delivers packets until the wire is quiet.</summary>
    public void Apply(TestPeer peer, IReadOnlyList<IkeAction> actions)
    {
        Record(peer, actions);
        Run();
    }

    private void Record(TestPeer peer, IReadOnlyList<IkeAction> actions)
    {
        foreach (var action in actions)
        {
            switch (action)
            {
                case SendDatagram send:
                    var from = send.Local;
                    if (_natPublic.TryGetValue(peer, out var publicAddress))
                    {
                        if (!_natPorts.TryGetValue((peer, send.Local.Port), out var port))
                            _natPorts[(peer, send.Local.Port)] = port = _nextNatPort++;
                        from = new IPEndPoint(publicAddress, port);
                    }
                    if (send.IsKeepalive) peer.KeepalivesSent++;
                    _inFlight.Enqueue(new Packet(peer, from, send.Remote, send.Data, send.IsKeepalive));
                    break;
                case InstallChildSa install:
                    peer.Installed[install.ChildSa.InboundSpi] = install.ChildSa;
                    peer.InstallLog.Add(install.ChildSa);
                    break;
                case RemoveChildSa remove:
                    peer.Installed.Remove(remove.InboundSpi);
                    peer.Removed.Add(remove);
                    break;
                case ReportEvent report:
                    peer.Events.Add(report.Event);
                    break;
            }
        }
    }

    /// <summary>Delivers everything in flight (and what the answers cause) until nothing is left.</summary>
    public void Run(int limit = 10_000)
    {
        for (var i = 0; i < limit && _inFlight.Count > 0; i++)
        {
            var packet = _inFlight.Dequeue();
            Log.Add(packet);
            if (Drop?.Invoke(packet) == true)
            {
                Dropped++;
                continue;
            }
            if (packet.IsKeepalive) continue;
            var (receiver, to) = Route(packet.To);
            if (receiver is null) continue;
            Record(receiver, receiver.Engine.Receive(packet.Data, packet.From, to));
        }
        if (_inFlight.Count > 0) throw new InvalidOperationException("packet storm: the engines keep sending");
    }

    private (TestPeer? Peer, IPEndPoint To) Route(IPEndPoint to)
    {
        foreach (var (peer, publicAddress) in _natPublic)
        {
            if (!publicAddress.Equals(to.Address)) continue;
            foreach (var ((p, inner), outer) in _natPorts)
                if (p == peer && outer == to.Port) return (peer, new IPEndPoint(peer.Address, inner));
            return (null, to);
        }
        return (_peers.FirstOrDefault(p => p.Address.Equals(to.Address)), to);
    }

    /// <summary>Moves the clock forward, running every engine's timers exactly when they fall due.</summary>
    public void Advance(TimeSpan span)
    {
        var target = Time.GetTimestamp() + span.Ticks;
        var previous = long.MinValue;
        var repeats = 0;
        while (true)
        {
            var next = _peers.Select(p => p.Engine.NextTimerAt).Where(t => t is not null).Select(t => t!.Value)
                .DefaultIfEmpty(long.MaxValue).Min();
            if (next > target) break;
            // A timer that stays due after it ran is an engine bug (it would spin the host's loop): fail loudly.
            repeats = next == previous ? repeats + 1 : 0;
            if (repeats > 100) throw new InvalidOperationException($"a timer stays due at {next} after running");
            previous = next;
            var now = Time.GetTimestamp();
            if (next > now) Time.Advance(TimeSpan.FromTicks(next - now));
            foreach (var peer in _peers.ToList())
                if (peer.Engine.NextTimerAt <= Time.GetTimestamp()) Record(peer, peer.Engine.OnTimer());
            Run();
        }
        var remaining = target - Time.GetTimestamp();
        if (remaining > 0) Time.Advance(TimeSpan.FromTicks(remaining));
    }
}
