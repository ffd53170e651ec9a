using System.Net;
using EdgeMx.Esp.Backends.UserSpace;
using EdgeMx.Hal.Linux.Crypto.Platform;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Transport;
using EdgeMx.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>
/// One EdgeMx IKE endpoint as the appliance runs it: the engine on the platform crypto provider, the real UDP
/// transport (500/4500 on one address), the runner loop and — unless <c>tun</c> is null — the user-space ESP data
/// plane (TUN device, SA table, routes) sharing the transport's 4500 socket, into which CHILD_SAs are installed.
/// The benchmark process runs inside a network namespace (`ip netns exec`), so everything binds there.
/// <para>With <c>engines</c> &gt; 1 the node runs an <see cref="IkeRunnerPool"/>: that many engines, each on its own
/// loop, behind the same sockets and data plane (the responder of the load benchmark uses one per core, as charon
/// spreads its work over its thread pool).</para>
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly UserSpaceDataPlane? _plane;
    private Task? _loop;

    private BenchNode(IPAddress local, IkeEngineOptions options, int engines, IkeUdpTransport transport, UserSpaceDataPlane? plane)
    {
        Local = local;
        _plane = plane;
        Transport = transport;
        var crypto = new PlatformCryptoProvider();
        Installer = new TimingInstaller(plane is null ? null : new BenchDataPlaneInstaller(plane));
        Pool = new IkeRunnerPool(engines, options, o => new IkeEngine(crypto, TimeProvider.System, o), Transport, Installer,
            TimeProvider.System, NullLogger.Instance);
    }

    public IPAddress Local { get; }
    public IkeUdpTransport Transport { get; }
    public IkeRunnerPool Pool { get; }

    /// <summary>The first (with one engine, the only) engine's loop: where initiators' connections live.</summary>
    public IkeRunner Runner => Pool.Runners[0];
    public IkeEngine Engine => Runner.Engine;
    public TimingInstaller Installer { get; }

    /// <summary>Whether CHILD_SAs go into a real data plane (otherwise only the installer call is timed).</summary>
    public bool HasDataPlane => _plane is not null;

    public static async Task<BenchNode> StartAsync(IPAddress local, string device, IkeEngineOptions options, string? tun, int engines = 1)
    {
        var transport = new IkeUdpTransport(NullLogger.Instance, options.IkePort, options.NatTraversalPort);
        UserSpaceDataPlane? plane = null;
        try
        {
            if (tun is not null)
            {
                plane = await UserSpaceDataPlane.StartAsync(new UserSpaceDataPlaneOptions { TunName = tun, RawEsp = false },
                    new PlatformCryptoProvider(), TimeProvider.System, NullLogger.Instance, transport).ConfigureAwait(false);
                transport.EspReceived = plane.ReceiveEsp;
            }
            var node = new BenchNode(local, options, engines, transport, plane);
            transport.Open(new UplinkBinding(device, local));
            node._loop = Task.Run(() => node.Pool.RunAsync(node._stop.Token));
            return node;
        }
        catch
        {
            if (plane is not null) await plane.DisposeAsync().ConfigureAwait(false);
            transport.Dispose();
            throw;
        }
    }

    /// <summary>Polls the engine on its loop until <paramref name="condition"/> holds; false after the deadline.</summary>
    public async Task<bool> WaitAsync(Func<IkeEngine, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await Runner.QueryAsync(condition).ConfigureAwait(false)) return true;
            await Task.Delay(2).ConfigureAwait(false);
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        Transport.Dispose();
        if (_plane is not null) await _plane.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
