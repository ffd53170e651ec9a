namespace EdgeMx.Hal.Links;

/// <summary>Carrier of one WAN interface changed (or is reported for the first time).</summary>
/// <param name="Timestamp"><see cref="TimeProvider.GetTimestamp"/> of the source's clock when it learnt of it.</param>
/// <param name="Source">"netlink" or "gpio gpiochip0:17".</param>
public readonly record struct LinkStateChange(string Interface, bool CarrierUp, long Timestamp, string Source);
