using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeMx.Hal.Links;

namespace EdgeMx.Hal.Linux.Links;

/// <summary>
/// Per WAN interface, the GPIO input when the board config names one, netlink otherwise: the two sources run side by
/// side and the netlink events of GPIO-watched interfaces are dropped, so each interface has exactly one authority.
/// </summary>
public sealed class CompositeLinkStateSource(ILinkStateSource gpio, IReadOnlyCollection<string> gpioInterfaces, ILinkStateSource netlink)
    : ILinkStateSource
{
    public string Kind => "gpio+netlink";

    public async IAsyncEnumerable<LinkStateChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var merged = Channel.CreateUnbounded<LinkStateChange>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gpioOnly = gpioInterfaces.ToHashSet(StringComparer.Ordinal);
        async Task Pump(ILinkStateSource source, Func<LinkStateChange, bool> keep)
        {
            try
            {
                await foreach (var change in source.WatchAsync(stop.Token).ConfigureAwait(false))
                    if (keep(change)) await merged.Writer.WriteAsync(change, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                merged.Writer.TryComplete(e);
            }
        }
        var pumps = Task.WhenAll(
            Pump(gpio, _ => true),
            Pump(netlink, c => !gpioOnly.Contains(c.Interface)));
        try
        {
            await foreach (var change in merged.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return change;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await gpio.DisposeAsync().ConfigureAwait(false);
        await netlink.DisposeAsync().ConfigureAwait(false);
    }
}
