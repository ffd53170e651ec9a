using System.Runtime.CompilerServices;
using EdgeMx.Hal.Links;
using EdgeMx.Net;
using EdgeMx.Net.Links;

namespace EdgeMx.Hal.Linux.Links;

/// <summary>
/// The default link-state source: carrier from rtnetlink notifications (EdgeMx.Net's <see cref="LinkMonitor"/>).
/// Link up = administratively up with carrier (IFF_UP and IFF_LOWER_UP); a removed interface is link down.
/// </summary>
public sealed class NetlinkLinkStateSource(IReadOnlyCollection<string> interfaces, NetworkNamespace? ns = null, TimeProvider? time = null)
    : ILinkStateSource
{
    private readonly HashSet<string> _interfaces = interfaces.ToHashSet(StringComparer.Ordinal);
    private LinkMonitor? _monitor;

    public string Kind => "netlink";

    public async IAsyncEnumerable<LinkStateChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _monitor = await LinkMonitor.StartAsync(ns, time, cancellationToken: cancellationToken).ConfigureAwait(false);
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        var snapshotDone = false;
        await foreach (var e in _monitor.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!snapshotDone && e.Kind != LinkEventKind.Present)
            {
                // The snapshot is over: configured interfaces that do not exist have no link.
                snapshotDone = true;
                foreach (var missing in _interfaces.Where(i => !known.ContainsKey(i)).ToList())
                {
                    known[missing] = false;
                    yield return new LinkStateChange(missing, false, e.Timestamp, Kind);
                }
            }
            if (!_interfaces.Contains(e.Name)) continue;
            var up = e.Kind != LinkEventKind.Removed && e.IsOperational;
            if (known.TryGetValue(e.Name, out var previous) && previous == up) continue;
            known[e.Name] = up;
            yield return new LinkStateChange(e.Name, up, e.Timestamp, Kind);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_monitor is not null) await _monitor.DisposeAsync().ConfigureAwait(false);
    }
}
