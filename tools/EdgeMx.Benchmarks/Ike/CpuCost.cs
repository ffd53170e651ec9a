using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Engine;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>
/// <c>ike-cpu</c>: the engine's own CPU cost per IKE_SA + CHILD_SA setup, initiator and responder, with both engines in
/// one thread and datagrams handed over in memory (no sockets, no data plane). For profiling the load benchmark:
/// it shows how much of a setup is the engine (parsing, crypto, key derivation) rather than I/O.
/// </summary>
internal static class CpuCost
{
    public static int Run(BenchArguments a)
    {
        var n = a.Int("count", 2000);
        var ike = a.Get("ike", "aes128gcm16-prfsha256-x25519");
        var esp = a.Get("esp", "aes128gcm16");
        var psk = Encoding.UTF8.GetBytes("cpu-benchmark-psk");
        var init = new IkeEngine(new PlatformCryptoProvider(), TimeProvider.System, new IkeEngineOptions());
        var resp = new IkeEngine(new PlatformCryptoProvider(), TimeProvider.System, new IkeEngineOptions { CookieThreshold = 1 << 20, HalfOpenLimit = 1 << 20 });
        var iAddr = IPAddress.Parse("10.77.0.12");
        var rAddr = IPAddress.Parse("10.77.0.2");
        resp.AddConnection(BenchConnections.Responder("r.bench", psk, ike, esp, "10.1.0.0/24", "10.200.0.0/16"));
        long initTicks = 0, respTicks = 0; var respByMsg = new long[4];
        var installed = 0;
        for (var round = 0; round < 2; round++)
        {
            initTicks = respTicks = 0; Array.Clear(respByMsg);
            installed = 0;
            for (var i = 0; i < n; i++)
            {
                var name = $"c{i}";
                init.AddConnection(BenchConnections.Initiator(name, rAddr, $"{name}.bench", "r.bench", psk, ike, esp,
                    $"10.200.{i / 250 % 250}.{i % 250 + 1}/32", "10.1.0.0/24"));
                var t = Stopwatch.GetTimestamp();
                var pending = new Queue<(bool ToResponder, SendDatagram D)>(); var msg = 0;
                foreach (var x in init.Initiate(name, iAddr)) Take(x, true);
                initTicks += Stopwatch.GetTimestamp() - t;
                while (pending.TryDequeue(out var item))
                {
                    t = Stopwatch.GetTimestamp();
                    var actions = item.ToResponder ? resp.Receive(item.D.Data, item.D.Local, item.D.Remote) : init.Receive(item.D.Data, item.D.Local, item.D.Remote);
                    var dt = Stopwatch.GetTimestamp() - t; if (item.ToResponder) { respTicks += dt; respByMsg[Math.Min(msg++, 3)] += dt; } else initTicks += dt;
                    foreach (var x in actions) Take(x, !item.ToResponder);
                }
                foreach (var x in init.Terminate(name)) Take(x, true);
                while (pending.TryDequeue(out var item))
                {
                    var actions = item.ToResponder ? resp.Receive(item.D.Data, item.D.Local, item.D.Remote) : init.Receive(item.D.Data, item.D.Local, item.D.Remote);
                    foreach (var x in actions) Take(x, !item.ToResponder);
                }
                init.RemoveConnection(name);

                void Take(IkeAction action, bool toResponder)
                {
                    if (action is SendDatagram d && !d.IsKeepalive) pending.Enqueue((toResponder, d));
                    else if (action is InstallChildSa && toResponder) installed++; // counted on the initiator side
                }
            }
        }
        if (installed != n) Console.Error.WriteLine($"warning: {installed} of {n} setups installed a CHILD_SA at the initiator");
        double Us(long ticks) => ticks * 1e6 / Stopwatch.Frequency / n;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"engine CPU per setup ({ike}, {esp}, {n} setups): initiator {Us(initTicks):F0} us, responder {Us(respTicks):F0} us (IKE_SA_INIT {Us(respByMsg[0]):F0}, IKE_AUTH {Us(respByMsg[1]):F0})"));
        return 0;
    }
}
