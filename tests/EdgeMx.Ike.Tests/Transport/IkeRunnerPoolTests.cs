using System.Collections.Concurrent;
using System.Net;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Tests.Engine;
using EdgeMx.Ike.Transport;
using EdgeMx.Net.Sockets;
using EdgeMx.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Ike.Tests.Transport;

/// <summary>
/// A responder of three engines behind one pair of real sockets on loopback, and many spokes (one engine, one
/// connection each with its own identity and /32) initiating at once: every SA lands in exactly one engine, each
/// engine's SPIs in its own partition, and later exchanges (DPD, rekeys, deletes) find the engine that holds the SA.
/// </summary>
public sealed class IkeRunnerPoolTests : IDisposable
{
    private static int _nextPort = 40000 + Random.Shared.Next(0, 10000);
    private readonly int _ikePort = Interlocked.Add(ref _nextPort, 2);
    private readonly List<IDisposable> _disposables = [];
    private const int Spokes = 24;
    private const int Engines = 3;

    [Fact]
    public async Task Many_spokes_are_spread_over_the_engines_and_each_sa_stays_with_its_engine()
    {
        Root.Require();
        var options = new IkeEngineOptions { IkePort = _ikePort, NatTraversalPort = _ikePort + 1, CookieThreshold = 3000 };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var hubInstaller = new RecordingInstaller();
        var hubTransport = Open("127.0.0.1");
        var pool = new IkeRunnerPool(Engines, options, o => new IkeEngine(TestCrypto.Provider, TimeProvider.System, o),
            hubTransport, hubInstaller, TimeProvider.System, NullLogger.Instance);
        var hubLoops = Task.Run(() => pool.RunAsync(stop.Token), stop.Token);
        await pool.InvokeAllAsync(e => e.AddConnection(Tunnels.Hub(remoteSubnet: "10.200.0.0/16")));
        Assert.All(pool.Runners, r => Assert.Equal(new SpiPartition(pool.Runners.ToList().IndexOf(r), Engines), r.Engine.Options.SpiPartition));
        Assert.All(pool.Runners, r => Assert.Equal(1000, r.Engine.Options.CookieThreshold)); // 3000 shared out

        var spokeInstaller = new RecordingInstaller();
        var spoke = new IkeRunner(new IkeEngine(TestCrypto.Provider, TimeProvider.System, options), Open("127.0.0.2"), spokeInstaller,
            TimeProvider.System, NullLogger.Instance);
        var spokeLoop = Task.Run(() => spoke.RunAsync(stop.Token), stop.Token);
        for (var i = 0; i < Spokes; i++)
        {
            var settings = Tunnels.Spoke(hub: "127.0.0.1", name: $"s{i}", localSubnet: $"10.200.0.{i + 1}/32") with
            {
                RemotePort = _ikePort,
                LocalId = IkeIdentity.Parse($"s{i}.lab"),
                Nat = NatSettings.Default with { ForceEncapsulation = true },
            };
            await spoke.InvokeAsync(e => e.AddConnection(settings));
        }
        await Task.WhenAll(Enumerable.Range(0, Spokes).Select(i => spoke.InvokeAsync(e => e.Initiate($"s{i}", IPAddress.Parse("127.0.0.2")))));
        await WaitAsync(() => spokeInstaller.Count == Spokes && hubInstaller.Count == Spokes, stop.Token);

        var perEngine = await EstablishedAsync(pool);
        Assert.Equal(Spokes, perEngine.Sum(l => l.Count));
        Assert.All(perEngine, l => Assert.NotEmpty(l)); // 24 new SAs over 3 engines: each got some
        AssertInPartitions(perEngine);
        Assert.Equal(Spokes, hubInstaller.Inbound.Distinct().Count()); // the engines never chose the same ESP SPI

        // Later exchanges reach the engine holding the SA: an IKE_SA rekey, then a CHILD_SA rekey and a DPD, on every
        // third spoke (one exchange at a time per SA: RFC 7296 §2.3 window of 1).
        var before = await spoke.QueryAsync(e => e.Sas.ToDictionary(s => s.Name, s => s.OurSpi));
        var rekeyed = Enumerable.Range(0, Spokes).Where(i => i % 3 == 0).Select(i => $"s{i}").ToList();
        foreach (var name in rekeyed) await spoke.InvokeAsync(e => e.RekeyIkeSa(name));
        await WaitAsync(() => spoke.QueryAsync(e => rekeyed.All(name => e.Sas.Count(s => s.Name == name) == 1
            && e.Sas.Single(s => s.Name == name) is { State: IkeSaState.Established } sa && sa.OurSpi != before[name])), stop.Token);
        foreach (var name in rekeyed) await spoke.InvokeAsync(e => e.RekeyChildSa(name, "net"));
        await WaitAsync(() => spokeInstaller.Count == Spokes + rekeyed.Count && hubInstaller.Count == Spokes + rekeyed.Count, stop.Token);
        var answered = spoke.Transport.IkeDatagramsReceived;
        foreach (var name in rekeyed) await spoke.InvokeAsync(e => e.CheckLiveness(name));
        await WaitAsync(() => spoke.Transport.IkeDatagramsReceived >= answered + rekeyed.Count, stop.Token); // every DPD answered
        var after = await EstablishedAsync(pool);
        Assert.Equal(Spokes, after.Sum(l => l.Count)); // rekeyed in place: still one IKE SA per spoke, each in its engine
        AssertInPartitions(after);

        // Deleting every spoke's SA empties every engine.
        for (var i = 0; i < Spokes; i++) { var name = $"s{i}"; await spoke.InvokeAsync(e => e.Terminate(name)); }
        await WaitAsync(async () => (await pool.QueryAllAsync(e => e.Sas.Count)).Sum() == 0, stop.Token);
        Assert.Equal(0, pool.DroppedDatagrams);
        await stop.CancelAsync();
        await hubLoops;
        await spokeLoop;
        Assert.Null(hubTransport.IkeReceived); // the pool unhooked itself
    }

    /// <summary>Per engine: its established SAs' SPIs and their CHILD_SAs' inbound SPIs, with the engine's partition.</summary>
    private static async Task<List<(ulong Spi, uint[] Children, SpiPartition Partition)>[]> EstablishedAsync(IkeRunnerPool pool) =>
        await pool.QueryAllAsync(e => e.Sas.Where(s => s.State == IkeSaState.Established)
            .Select(s => (s.OurSpi, s.Children.Select(c => c.InboundSpi).ToArray(), e.Options.SpiPartition)).ToList());

    private static void AssertInPartitions(IEnumerable<List<(ulong Spi, uint[] Children, SpiPartition Partition)>> perEngine)
    {
        foreach (var (spi, children, partition) in perEngine.SelectMany(l => l))
        {
            Assert.True(partition.Contains(spi), $"IKE SPI {spi:x16} outside engine {partition.Index}");
            Assert.All(children, c => Assert.True(partition.Contains(c), $"ESP SPI {c:x8} outside engine {partition.Index}"));
        }
    }

    private IkeUdpTransport Open(string address)
    {
        var transport = new IkeUdpTransport(NullLogger.Instance, _ikePort, _ikePort + 1);
        _disposables.Add(transport);
        transport.Open(new UplinkBinding("lo", IPAddress.Parse(address)));
        return transport;
    }

    private static Task WaitAsync(Func<bool> condition, CancellationToken token) => WaitAsync(() => Task.FromResult(condition()), token);

    private static async Task WaitAsync(Func<Task<bool>> condition, CancellationToken token)
    {
        while (!await condition()) await Task.Delay(20, token);
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
    }

    /// <summary>Thread-safe: the engines of a pool install from their own loops.</summary>
    private sealed class RecordingInstaller : IChildSaInstaller
    {
        private readonly ConcurrentQueue<uint> _inbound = new();

        public int Count => _inbound.Count;

        public IReadOnlyCollection<uint> Inbound => _inbound;

        public void Install(ChildSaDescription childSa) => _inbound.Enqueue(childSa.InboundSpi);

        public void UpdateEndpoints(uint inboundSpi, IPEndPoint local, IPEndPoint remote, bool udpEncapsulation) { }

        public void Remove(uint inboundSpi, uint outboundSpi) { }

        public ChildSaUsage? GetUsage(uint inboundSpi) => null;
    }
}
