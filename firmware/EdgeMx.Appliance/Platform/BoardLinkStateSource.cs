using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeMx.Appliance.Uplinks;
using HalLinks = EdgeMx.Hal.Links;

namespace EdgeMx.Appliance.Platform;

/// <summary>
/// Link state for a board whose profile wires a PHY link signal to a GPIO input (wan[].linkState.gpio): the kernel's
/// observations (addresses, admin state, interface presence) from <paramref name="kernel"/>, with the carrier of
/// those ports taken from the debounced GPIO edge events — a port is operational only when the kernel says it is up
/// and the PHY signal says link. Ports without a GPIO line pass through unchanged. Both sources push; nothing polls.
/// A GPIO source is opened per watch (<paramref name="openGpio"/>): if either stream fails, the watch fails and
/// <see cref="LinkStateService"/> reopens both, whose first observations are again a full snapshot.
/// </summary>
public sealed class BoardLinkStateSource(ILinkStateSource kernel, Func<HalLinks.ILinkStateSource> openGpio) : ILinkStateSource
{
    public async IAsyncEnumerable<LinkObservation> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var gpio = openGpio();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var merged = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var pumps = Task.WhenAll(
            PumpAsync(kernel.WatchAsync(stop.Token), merged.Writer, stop.Token),
            PumpAsync(gpio.WatchAsync(stop.Token), merged.Writer, stop.Token));

        var kernelState = new Dictionary<string, LinkObservation>(StringComparer.Ordinal);
        var carrier = new Dictionary<string, bool>(StringComparer.Ordinal);
        try
        {
            await foreach (var item in merged.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                switch (item)
                {
                    case LinkObservation o when o.IsEndOfSnapshot:
                        yield return o;
                        break;
                    case LinkObservation o:
                        kernelState[o.Name] = o;
                        yield return Combine(o, carrier);
                        break;
                    case HalLinks.LinkStateChange c:
                        var changed = !carrier.TryGetValue(c.Interface, out var before) || before != c.CarrierUp;
                        carrier[c.Interface] = c.CarrierUp;
                        if (changed && kernelState.TryGetValue(c.Interface, out var last)) yield return Combine(last, carrier);
                        break;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pumps.ConfigureAwait(false); // the pumps never throw: they report through the channel
        }
    }

    /// <summary>The kernel's view with the PHY signal's verdict on carrier, for the ports that have one.</summary>
    public static LinkObservation Combine(LinkObservation kernel, IReadOnlyDictionary<string, bool> carrier)
    {
        if (!carrier.TryGetValue(kernel.Name, out var link) || link || !kernel.Operational) return kernel;
        return kernel with { Operational = false, OperState = "lowerlayerdown (gpio: no link)" };
    }

    /// <summary>Copies one stream into the merged channel; the first stream to fail (or to end, which a link-state
    /// stream never does by itself) completes the channel with its error, so the watch fails at once.</summary>
    private static async Task PumpAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<object> writer, CancellationToken cancellationToken)
        where T : notnull
    {
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
                await writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested) writer.TryComplete(new IOException("a link-state stream ended"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }
}
