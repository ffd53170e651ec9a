using System.Text.RegularExpressions;
using EdgeMx.Core.State;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// Reads a hub's `swanctl --list-sas`: an IKE_SA is a line `spokes: #N, STATE, IKEv2, SPI_i SPI_r` at the start of a
/// line, each of its CHILD_SAs an indented `private: #N, reqid R, STATE, ...` followed by `in  SPI, ...` and
/// `out SPI, ...` lines (our outbound SPI is the hub's inbound one).
/// </summary>
internal static partial class HubSas
{
    public static int IkeSaCount(string hubSas) => IkeSaLine().Count(hubSas);

    public static int ChildSaCount(string hubSas) => ChildSaLine().Count(hubSas);

    /// <summary>Exactly one IKE_SA, ours, and exactly one CHILD_SA, ours: nothing stale or duplicated left behind.</summary>
    public static bool HoldsOnly(string hubSas, IkeSaStatus sa, ChildSaStatus child) =>
        IkeSaCount(hubSas) == 1 && hubSas.Contains($"{sa.SpiI}_i", StringComparison.Ordinal)
        && hubSas.Contains($"{sa.SpiR}_r", StringComparison.Ordinal)
        && ChildSaCount(hubSas) == 1 && hubSas.Contains($"in  {child.SpiOut}", StringComparison.Ordinal)
        && hubSas.Contains($"out {child.SpiIn}", StringComparison.Ordinal);

    /// <summary>Waits until the hub holds exactly <paramref name="sa"/> and <paramref name="child"/>; throws with its
    /// last listing otherwise. Returns that listing.</summary>
    public static async Task<string> WaitHoldsOnlyAsync(Lab lab, Hub hub, IkeSaStatus sa, ChildSaStatus child, string what)
    {
        var listing = "";
        try
        {
            await Lab.WaitUntilAsync(async () => HoldsOnly(listing = await TunnelAppliance.HubSasAsync(lab, hub), sa, child),
                TimeSpan.FromSeconds(15), what, TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; we hold {sa.SpiI}_i {sa.SpiR}_r with CHILD_SA {child.SpiIn}/{child.SpiOut}, {hub} lists:\n{listing}\n--- charon.log\n{lab.HubLogTail(hub, 80)}", e);
        }
        return listing;
    }

    [GeneratedRegex(@"^\S+: #\d+, ", RegexOptions.Multiline)]
    private static partial Regex IkeSaLine();

    [GeneratedRegex(@"^\s+\S+: #\d+, reqid ", RegexOptions.Multiline)]
    private static partial Regex ChildSaLine();
}
