namespace EdgeMx.Hal.Links;

/// <summary>
/// Where WAN carrier comes from: the kernel's netlink notifications by default, or a GPIO input wired to the PHY's
/// link signal (board config). <see cref="WatchAsync"/> yields the current state of every interface first, then each
/// change as it happens — event-driven, never sampled.
/// </summary>
public interface ILinkStateSource : IAsyncDisposable
{
    /// <summary>"netlink", "gpio", or "gpio+netlink".</summary>
    string Kind { get; }

    IAsyncEnumerable<LinkStateChange> WatchAsync(CancellationToken cancellationToken);
}
