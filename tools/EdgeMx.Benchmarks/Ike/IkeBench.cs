using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Engine;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>
/// The IKE benchmark modes (driven by tools/bench/ike.sh, each run inside a network namespace):
/// <list type="bullet">
/// <item><c>ike-initiate</c>: time from "initiate" to CHILD_SA installed against a strongSwan responder, EdgeMx's
///   initiator and the strongSwan initiator (driven over vici) alternating, medians and ratio;</item>
/// <item><c>ike-respond</c>: an EdgeMx responder until SIGTERM;</item>
/// <item><c>ike-load</c>: bursts of concurrent initiators (EdgeMx engines) against two responders in alternation,
///   IKE_SA + CHILD_SA setups per second, medians and ratio;</item>
/// <item><c>ike-cpu</c>: the engine's CPU cost per setup, both roles in one thread, no I/O (<see cref="CpuCost"/>).</item>
/// </list>
/// </summary>
internal static class IkeBench
{
    public static bool IsMode(string[] args) => args.Length > 0 && args[0] is "ike-initiate" or "ike-respond" or "ike-load" or "ike-cpu";

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var options = new BenchArguments(args.Skip(1));
            return args[0] switch
            {
                "ike-initiate" => await InitiateAsync(options),
                "ike-respond" => await RespondAsync(options),
                "ike-cpu" => CpuCost.Run(options),
                _ => await LoadAsync(options),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"{args[0]}: {e.Message}");
            return 1;
        }
    }

    private static string? Tun(BenchArguments a) => a.Get("tun", "none") is var t && t == "none" ? null : t;

    // ------------------------------------------------------------------------------------------------------------
    // (1) initiate -> CHILD_SA installed

    private static async Task<int> InitiateAsync(BenchArguments a)
    {
        var count = a.Int("count", 50);
        var warmup = a.Int("warmup", 3);
        var local = a.Address("local");
        var remote = a.Address("remote");
        var settings = BenchConnections.Initiator("bench", remote, a.Get("local-id"), a.Get("remote-id"), a.Psk(),
            a.Get("ike"), a.Get("esp"), a.Get("local-ts"), a.Get("remote-ts"));
        await using var node = await BenchNode.StartAsync(local, a.Get("dev"), new IkeEngineOptions(), Tun(a));
        using var vici = new ViciClient(a.Get("vici"));
        var refIke = a.Get("ref-ike", "bench");
        var refChild = a.Get("ref-child", "net");
        await node.Runner.InvokeAsync(e => e.AddConnection(settings));

        var ours = new List<double>();
        var theirs = new List<double>();
        for (var i = -warmup; i < count; i++)
        {
            // Alternate, so that load from elsewhere on the machine hits both sides alike.
            var reference = await ReferenceSetupAsync(vici, refIke, refChild);
            var edgemx = await OurSetupAsync(node, local);
            if (i < 0) continue;
            theirs.Add(reference);
            ours.Add(edgemx);
            Console.WriteLine(Inv($"setup {i + 1,3}/{count}: edgemx {edgemx,8:F2} ms   strongswan {reference,8:F2} ms"));
        }
        var m = Median(ours);
        var r = Median(theirs);
        Console.WriteLine();
        Console.WriteLine(Inv($"initiate -> CHILD_SA installed, median of {count} (min / p90):"));
        Console.WriteLine(Inv($"  EdgeMx initiator     {m,8:F2} ms  ({ours.Min():F2} / {Percentile(ours, 0.9):F2})  installed into: {(node.HasDataPlane ? "user-space ESP data plane" : "nothing (installer call only)")}"));
        Console.WriteLine(Inv($"  strongSwan initiator {r,8:F2} ms  ({theirs.Min():F2} / {Percentile(theirs, 0.9):F2})  installed into: kernel-libipsec"));
        Console.WriteLine(Inv($"  ratio strongSwan/EdgeMx = {r / m:F2}  (>= 1.00: EdgeMx at least on par)"));
        Console.WriteLine(Inv($"RESULT initiate edgemx_ms={m:F3} strongswan_ms={r:F3} ratio={r / m:F3}"));
        return 0;
    }

    private static async Task<double> ReferenceSetupAsync(ViciClient vici, string ike, string child)
    {
        var t0 = Stopwatch.GetTimestamp();
        await vici.CheckedCallAsync("initiate", ("child", child), ("ike", ike), ("timeout", "30000"), ("init-limits", "no"));
        var elapsed = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        await vici.CheckedCallAsync("terminate", ("ike", ike), ("timeout", "10000"));
        return elapsed;
    }

    private static async Task<double> OurSetupAsync(BenchNode node, IPAddress local)
    {
        var installed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Installer.Installed = (_, at) => installed.TrySetResult(at);
        var t0 = Stopwatch.GetTimestamp();
        await node.Runner.InvokeAsync(e => e.Initiate("bench", local));
        var done = await installed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        node.Installer.Installed = null;
        var elapsed = Stopwatch.GetElapsedTime(t0, done).TotalMilliseconds;
        await node.Runner.InvokeAsync(e => e.Terminate("bench"));
        if (!await node.WaitAsync(e => e.Sas.Count == 0, TimeSpan.FromSeconds(15)))
            throw new TimeoutException("the EdgeMx initiator's IKE SA was not deleted within 15 s");
        return elapsed;
    }

    // ------------------------------------------------------------------------------------------------------------
    // EdgeMx responder

    private static async Task<int> RespondAsync(BenchArguments a)
    {
        var options = new IkeEngineOptions
        {
            CookieThreshold = a.Int("cookie-threshold", new IkeEngineOptions().CookieThreshold),
            HalfOpenLimit = a.Int("half-open-limit", new IkeEngineOptions().HalfOpenLimit),
        };
        var settings = BenchConnections.Responder(a.Get("local-id"), a.Psk(), a.Get("ike"), a.Get("esp"), a.Get("local-ts"), a.Get("remote-ts"));
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        // One engine per core by default (an IkeRunnerPool), as charon spreads IKE work over its thread pool.
        var engines = a.Int("engines", Environment.ProcessorCount);
        await using var node = await BenchNode.StartAsync(a.Address("local"), a.Get("dev"), options, Tun(a), engines);
        await node.Pool.InvokeAllAsync(e => e.AddConnection(settings));
        Console.WriteLine($"ready: EdgeMx responder on {node.Local}, {engines} engine(s), CHILD_SAs into {(node.HasDataPlane ? "the user-space ESP data plane" : "nothing")}");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        var counters = node.Pool.Runners.Select(r => r.Engine.Counters).ToList();
        Console.WriteLine(Inv($"EdgeMx responder ({engines} engine(s)): {counters.Sum(c => c.IkeSasEstablished)} IKE SAs established (per engine: {string.Join(" / ", counters.Select(c => c.IkeSasEstablished))}), {node.Installer.InstalledCount} CHILD_SAs installed, {counters.Sum(c => c.Retransmissions)} retransmissions, {node.Pool.DroppedDatagrams} datagrams dropped (queue full)"));
        return 0;
    }

    // ------------------------------------------------------------------------------------------------------------
    // (2) setups per second under many concurrent initiators

    private static async Task<int> LoadAsync(BenchArguments a)
    {
        var concurrency = a.Int("concurrency", 100);
        var rounds = a.Int("rounds", 5);
        var local = a.Address("local");
        var psk = a.Psk();
        // --targets name=address,name=address : the responders, measured in alternation.
        var targets = a.Get("targets").Split(',').Select(t => t.Split('=')).Select(p => (Name: p[0], Address: IPAddress.Parse(p[1]))).ToList();
        await using var node = await BenchNode.StartAsync(local, a.Get("dev"), new IkeEngineOptions(), null);
        // --pids name=pid,... : the responder processes, whose CPU time (user + system) each burst costs.
        var pids = a.Get("pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Split('='))
            .ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
        var results = targets.ToDictionary(t => t.Name, _ => new List<double>());
        var cpu = targets.ToDictionary(t => t.Name, _ => 0.0);
        for (var round = 0; round <= rounds; round++)
        foreach (var target in targets)
        {
            var pid = pids.TryGetValue(target.Name, out var p) ? p : (int?)null;
            var cpuBefore = pid is { } b ? ProcessCpuSeconds(b) : 0;
            var rate = await BurstAsync(node, a, psk, target.Address, concurrency, local);
            var cpuUsed = pid is { } e ? ProcessCpuSeconds(e) - cpuBefore : double.NaN;
            if (round == 0)
            {
                Console.WriteLine(Inv($"warm-up   {target.Name,-10} {rate,8:F1} setups/s"));
                continue;
            }
            results[target.Name].Add(rate);
            cpu[target.Name] += cpuUsed;
            Console.WriteLine(Inv($"round {round}/{rounds} {target.Name,-10} {rate,8:F1} setups/s   responder CPU {cpuUsed * 1000 / concurrency,6:F2} ms/setup (incl. deleting)"));
        }
        Console.WriteLine();
        Console.WriteLine(Inv($"IKE_SA + CHILD_SA setups per second, {concurrency} concurrent initiators, median of {rounds}:"));
        foreach (var (name, rates) in results)
            Console.WriteLine(Inv($"  {name,-10} responder {Median(rates),8:F1} /s  (min {rates.Min():F1}, max {rates.Max():F1})  CPU {cpu[name] * 1000 / (rounds * concurrency):F2} ms per setup+delete"));
        if (targets.Count == 2)
        {
            var ours = Median(results[targets[0].Name]);
            var theirs = Median(results[targets[1].Name]);
            Console.WriteLine(Inv($"  ratio {targets[0].Name}/{targets[1].Name} = {ours / theirs:F2}  (>= 1.00: {targets[0].Name} at least on par)"));
            Console.WriteLine(Inv($"RESULT load {targets[0].Name}_per_s={ours:F1} {targets[1].Name}_per_s={theirs:F1} ratio={ours / theirs:F3}"));
            if (pids.Count == 2)
            {
                var ourCpu = cpu[targets[0].Name] / (rounds * concurrency);
                var theirCpu = cpu[targets[1].Name] / (rounds * concurrency);
                Console.WriteLine(Inv($"  responder CPU per setup (+ its delete): {targets[0].Name} {ourCpu * 1000:F2} ms, {targets[1].Name} {theirCpu * 1000:F2} ms, ratio {targets[1].Name}/{targets[0].Name} = {theirCpu / ourCpu:F2}  (>= 1.00: {targets[0].Name} needs no more CPU)"));
                Console.WriteLine(Inv($"RESULT load-cpu {targets[0].Name}_ms={ourCpu * 1000:F3} {targets[1].Name}_ms={theirCpu * 1000:F3} ratio={theirCpu / ourCpu:F3}"));
            }
        }
        return 0;
    }

    /// <summary>
    /// One burst: <paramref name="n"/> connections (own identity, own /32 inner subnet, like n branches) initiated at
    /// once; the rate is n over the time from the first Initiate to the last CHILD_SA installed at the initiators
    /// (the responder has installed its side before it sends the IKE_AUTH response). Then all are deleted and the
    /// next burst starts only when every IKE SA is gone.
    /// </summary>
    private static async Task<double> BurstAsync(BenchNode node, BenchArguments a, byte[] psk, IPAddress target, int n, IPAddress local)
    {
        var names = Enumerable.Range(0, n).Select(i => $"load{i}").ToArray();
        await node.Runner.InvokeAsync(e =>
        {
            var actions = new List<IkeAction>();
            for (var i = 0; i < n; i++)
            {
                var ts = $"10.200.{i / 250}.{i % 250 + 1}/32";
                actions.AddRange(e.AddConnection(BenchConnections.Initiator(names[i], target, $"load{i}.bench", a.Get("remote-id"), psk,
                    a.Get("ike"), a.Get("esp"), ts, a.Get("remote-ts"))));
            }
            return actions;
        });
        var remaining = n;
        long last = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Installer.Installed = (_, at) =>
        {
            last = at;
            if (--remaining == 0) done.TrySetResult(); // on the runner's loop: single-threaded
        };
        var t0 = Stopwatch.GetTimestamp();
        await node.Runner.InvokeAsync(e =>
        {
            var actions = new List<IkeAction>();
            foreach (var name in names) actions.AddRange(e.Initiate(name, local));
            return actions;
        });
        var timeout = TimeSpan.FromSeconds(a.Int("timeout", 120));
        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"only {n - await node.Runner.QueryAsync(_ => remaining)} of {n} setups towards {target} completed within {timeout.TotalSeconds} s");
        }
        node.Installer.Installed = null;
        var rate = n / Stopwatch.GetElapsedTime(t0, last).TotalSeconds;
        await node.Runner.InvokeAsync(e =>
        {
            var actions = new List<IkeAction>();
            foreach (var name in names) actions.AddRange(e.Terminate(name));
            return actions;
        });
        if (!await node.WaitAsync(e => e.Sas.Count == 0, TimeSpan.FromSeconds(60)))
            throw new TimeoutException($"the load generator's IKE SAs towards {target} were not all deleted within 60 s");
        return rate;
    }

    /// <summary>utime + stime of a process (all its threads) from /proc/PID/stat, in seconds (USER_HZ = 100).</summary>
    private static double ProcessCpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // after "pid (comm) ": state is field 3, so utime (14) and stime (15) are at indices 11 and 12
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    // ------------------------------------------------------------------------------------------------------------

    private static double Median(List<double> values) => Percentile(values, 0.5);

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        var rank = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
