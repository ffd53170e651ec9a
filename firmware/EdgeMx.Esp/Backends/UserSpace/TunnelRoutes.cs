using System.Net;
using System.Threading.Channels;
using EdgeMx.Esp.Policy;
using EdgeMx.Net.Links;
using EdgeMx.Net.Routing;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// Keeps one route per remote protected prefix into the TUN device while a policy needs it (seed 003's reverse
/// route injection, done per CHILD_SA as strongSwan's table 220 does), and the device's MTU at the largest tunnel
/// MTU. Route changes run one at a time on a background task, so SA installs never wait for netlink; several
/// policies may share a prefix (counted).
/// </summary>
internal sealed partial class TunnelRoutes : IAsyncDisposable
{
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<IPNetwork, int> _routed = [];
    private readonly RouteTable _routes;
    private readonly LinkTable _links;
    private readonly int _tunIndex;
    private readonly UserSpaceDataPlaneOptions _options;
    private readonly ILogger _logger;
    private readonly Task _worker;
    private int _mtu;

    public TunnelRoutes(RouteTable routes, LinkTable links, int tunIndex, int initialMtu, UserSpaceDataPlaneOptions options, ILogger logger)
    {
        _routes = routes;
        _links = links;
        _tunIndex = tunIndex;
        _mtu = initialMtu;
        _options = options;
        _logger = logger;
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>Routes currently installed (for status and tests).</summary>
    public IReadOnlyCollection<IPNetwork> Routed
    {
        get { lock (_routed) return [.. _routed.Keys]; }
    }

    public void Add(SecurityPolicy policy) => _work.Writer.TryWrite(() => ChangeAsync(policy, add: true));

    public void Remove(SecurityPolicy policy) => _work.Writer.TryWrite(() => ChangeAsync(policy, add: false));

    public void SetMtu(int mtu) => _work.Writer.TryWrite(() => ApplyMtuAsync(mtu));

    /// <summary>Completes when everything queued so far has been applied.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(() => { done.SetResult(); return Task.CompletedTask; })) done.SetResult();
        return done.Task;
    }

    private async Task ChangeAsync(SecurityPolicy policy, bool add)
    {
        foreach (var selector in policy.RemoteSelectors)
        {
            foreach (var prefix in selector.ToPrefixes())
            {
                int count;
                lock (_routed)
                {
                    _routed.TryGetValue(prefix, out count);
                    count += add ? 1 : -1;
                    if (count > 0) _routed[prefix] = count;
                    else _routed.Remove(prefix);
                }
                if (add && count != 1 || !add && count != 0) continue;
                var route = RouteFor(prefix);
                try
                {
                    if (add) await _routes.ReplaceAsync(route).ConfigureAwait(false);
                    else await _routes.DeleteAsync(route).ConfigureAwait(false);
                    LogRoute(_logger, add ? "added" : "removed", route.ToString(), policy.Name);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRouteFailed(_logger, e, add ? "add" : "remove", route.ToString());
                }
            }
        }
    }

    private Route RouteFor(IPNetwork prefix)
    {
        var source = _options.RouteSource;
        if (source is not null && source.AddressFamily != prefix.BaseAddress.AddressFamily) source = null;
        return new Route
        {
            Destination = prefix,
            OutputInterface = _tunIndex,
            PreferredSource = source,
            Table = _options.RouteTable,
            Metric = _options.RouteMetric,
            Protocol = RouteProtocol.EdgeMx,
        };
    }

    private async Task ApplyMtuAsync(int mtu)
    {
        if (mtu == _mtu) return;
        try
        {
            await _links.SetMtuAsync(_tunIndex, mtu).ConfigureAwait(false);
            _mtu = mtu;
            LogMtu(_logger, mtu);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRouteFailed(_logger, e, "set MTU", mtu.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private async Task WorkAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false)) await work().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4221, Level = LogLevel.Information, Message = "tunnel route {Change}: {Route} (policy {Policy})")]
    private static partial void LogRoute(ILogger logger, string change, string route, string policy);

    [LoggerMessage(EventId = 4222, Level = LogLevel.Warning, Message = "could not {Action} {What}")]
    private static partial void LogRouteFailed(ILogger logger, Exception exception, string action, string what);

    [LoggerMessage(EventId = 4223, Level = LogLevel.Information, Message = "tunnel device MTU set to {Mtu}")]
    private static partial void LogMtu(ILogger logger, int mtu);
}
