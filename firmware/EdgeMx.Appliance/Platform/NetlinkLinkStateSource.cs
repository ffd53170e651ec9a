using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Net.Links;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Platform;

/// <summary><see cref="ILinkStateSource"/> over EdgeMx.Net's rtnetlink <see cref="LinkMonitor"/> (notifications, no polling).</summary>
public sealed class NetlinkLinkStateSource(TimeProvider time, ILogger<LinkMonitor> logger) : ILinkStateSource
{
    public async IAsyncEnumerable<LinkObservation> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var monitor = await LinkMonitor.StartAsync(null, time, logger, cancellationToken).ConfigureAwait(false);
        await using (monitor.ConfigureAwait(false))
        {
            // The monitor queues one Present event per link it found at start; once they are through, say so, so the
            // controller can call configured-but-missing interfaces absent instead of waiting for them.
            var pending = monitor.Current.Count;
            if (pending == 0) yield return LinkObservation.EndOfSnapshot;
            await foreach (var e in monitor.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return Map(e);
                if (pending > 0 && e.Kind == LinkEventKind.Present && --pending == 0) yield return LinkObservation.EndOfSnapshot;
            }
        }
    }

    private static LinkObservation Map(LinkEvent e) => new(
        e.Name,
        e.Index,
        Exists: e.Kind != LinkEventKind.Removed,
        Operational: e.IsOperational,
        OperState: Word(e.OperState),
        Addresses: e.Addresses
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork && a.IsUsable)
            .Select(a => (a.Address, a.PrefixLength))
            .ToList());

    // The words `ip link` prints (RFC 2863), lower-case.
    private static string Word(LinkOperState state) => state switch
    {
        LinkOperState.NotPresent => "notpresent",
        LinkOperState.Down => "down",
        LinkOperState.LowerLayerDown => "lowerlayerdown",
        LinkOperState.Testing => "testing",
        LinkOperState.Dormant => "dormant",
        LinkOperState.Up => "up",
        _ => "unknown",
    };
}
