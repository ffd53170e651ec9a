using EdgeMx.Core.State;
using EdgeMx.Ike.DataPlane;

namespace EdgeMx.Appliance.Tunnels;

/// <summary>
/// A tunnel's traffic since the appliance started: what its CHILD_SAs that are gone carried (their final counters,
/// taken as IKE removed them: rekeyed, deleted, expired) plus what the current ones have carried so far. Without the
/// first part the tunnel's counters fell back to the new CHILD_SA's at every rekey; telemetry publishes them as
/// counters, which only ever grow. Used on the IKE loop only.
/// </summary>
internal sealed class TunnelTraffic
{
    private long _bytesIn;
    private long _packetsIn;
    private long _bytesOut;
    private long _packetsOut;

    /// <summary>A CHILD_SA of the tunnel is gone; <paramref name="final"/> is everything it carried.</summary>
    public void Retire(ChildSaUsage final)
    {
        _bytesIn += final.BytesIn;
        _packetsIn += final.PacketsIn;
        _bytesOut += final.BytesOut;
        _packetsOut += final.PacketsOut;
    }

    /// <summary>The totals, given the tunnel's current SAs (each CHILD_SA with its counters so far).</summary>
    public TunnelCounters Counters(IEnumerable<IkeSaStatus> sas)
    {
        var children = sas.SelectMany(s => s.Children).ToList();
        return new TunnelCounters
        {
            BytesIn = _bytesIn + children.Sum(c => c.BytesIn),
            PacketsIn = _packetsIn + children.Sum(c => c.PacketsIn),
            BytesOut = _bytesOut + children.Sum(c => c.BytesOut),
            PacketsOut = _packetsOut + children.Sum(c => c.PacketsOut),
        };
    }
}
