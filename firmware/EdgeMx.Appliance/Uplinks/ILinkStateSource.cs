namespace EdgeMx.Appliance.Uplinks;

/// <summary>
/// Kernel link state, pushed (rtnetlink notifications), never polled: first one observation per existing interface,
/// then <see cref="LinkObservation.EndOfSnapshot"/>, then one observation per change, until cancelled.
/// </summary>
public interface ILinkStateSource
{
    IAsyncEnumerable<LinkObservation> WatchAsync(CancellationToken cancellationToken);
}
