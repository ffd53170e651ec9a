using EdgeMx.Ike.DataPlane;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// Per-connection totals (<see cref="ConnectionTotals"/>): what the SAs that are gone contributed is kept here, the
/// live CHILD_SAs' usage is added when asked. Counting at the source, not by summing the SAs present, is what keeps
/// the numbers from dropping when a rekey retires a CHILD_SA or from counting one rekey twice while the old and the new
/// IKE SA briefly coexist.
/// </summary>
public sealed partial class IkeEngine
{
    private readonly Dictionary<string, ConnectionTotals> _retired = [];

    /// <summary>The connection's totals: those of its retired CHILD_SAs and rekeys, plus its live CHILD_SAs' usage.</summary>
    public ConnectionTotals TotalsOf(string connection)
    {
        var totals = _retired.GetValueOrDefault(connection);
        foreach (var sa in _sas.Values)
        {
            if (sa.Name != connection) continue;
            foreach (var child in sa.Children) totals = Add(totals, child);
        }
        return totals;
    }

    /// <summary>A CHILD_SA leaves the engine: its traffic stays in the connection's totals.</summary>
    internal void Retire(string connection, ChildSa child) => _retired[connection] = Add(_retired.GetValueOrDefault(connection), child);

    /// <summary>
    /// The data plane's final counters of a CHILD_SA that was removed (read just before it went): what it carried
    /// beyond the usage the engine had counted at retirement (<paramref name="counted"/>, up to one pull interval old)
    /// is added to the connection's totals, so nothing the SA carried in its last seconds is lost.
    /// </summary>
    public void CountFinalUsage(string connection, ChildSaUsage final, ChildSaUsage? counted)
    {
        var seen = counted ?? default;
        var totals = _retired.GetValueOrDefault(connection);
        _retired[connection] = totals with
        {
            BytesIn = totals.BytesIn + Math.Max(0, final.BytesIn - seen.BytesIn),
            PacketsIn = totals.PacketsIn + Math.Max(0, final.PacketsIn - seen.PacketsIn),
            BytesOut = totals.BytesOut + Math.Max(0, final.BytesOut - seen.BytesOut),
            PacketsOut = totals.PacketsOut + Math.Max(0, final.PacketsOut - seen.PacketsOut),
        };
    }

    internal void CountIkeRekey(string connection)
    {
        var totals = _retired.GetValueOrDefault(connection);
        _retired[connection] = totals with { IkeRekeys = totals.IkeRekeys + 1 };
    }

    internal void CountChildRekey(string connection)
    {
        var totals = _retired.GetValueOrDefault(connection);
        _retired[connection] = totals with { ChildRekeys = totals.ChildRekeys + 1 };
    }

    private static ConnectionTotals Add(ConnectionTotals totals, ChildSa child) => child.Usage is not { } usage
        ? totals
        : totals with
        {
            BytesIn = totals.BytesIn + usage.BytesIn,
            PacketsIn = totals.PacketsIn + usage.PacketsIn,
            BytesOut = totals.BytesOut + usage.BytesOut,
            PacketsOut = totals.PacketsOut + usage.PacketsOut,
        };
}
