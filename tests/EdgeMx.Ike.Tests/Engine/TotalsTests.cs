using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// A connection's totals (<see cref="ConnectionTotals"/>, the tunnel's counters in `edgemx status` and the MQTT
/// metrics) are counted since start and only grow. The bug these catch: the appliance summed the SAs present, so the
/// traffic counters dropped at every CHILD_SA rekey (the old SA's packets left with it), a rekey counted twice while
/// the old and the new IKE SA coexisted, and a reconnect reset everything to zero.
/// </summary>
public class TotalsTests
{
    /// <summary>The data plane's poll of the spoke's one CHILD_SA: <paramref name="packets"/> each way so far on it.</summary>
    private static void Usage(SpokeAndHub lab, long packets)
    {
        var now = lab.Net.Time.GetTimestamp();
        lab.Spoke.Engine.ReportUsage(lab.SpokeSa.Children.Single(c => c.State == ChildSaState.Installed).InboundSpi,
            new ChildSaUsage(100 * packets, packets, 100 * packets, packets, now, now));
    }

    private static ConnectionTotals Totals(SpokeAndHub lab) => lab.Spoke.Engine.TotalsOf("hub1");

    [Fact]
    public void Traffic_of_a_rekeyed_CHILD_SA_stays_counted_and_each_rekey_counts_once()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        Usage(lab, 10);
        Assert.Equal(new ConnectionTotals(1000, 10, 1000, 10, 0, 0), Totals(lab));

        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyChildSa("hub1", "net")); // the old CHILD_SA (10 packets) goes
        Assert.Equal(new ConnectionTotals(1000, 10, 1000, 10, 0, 1), Totals(lab));
        Usage(lab, 3);
        Assert.Equal(new ConnectionTotals(1300, 13, 1300, 13, 0, 1), Totals(lab));

        // The hub's rekey counts the same as ours.
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyChildSa("spokes", "net"));
        Usage(lab, 1);
        Assert.Equal(new ConnectionTotals(1400, 14, 1400, 14, 0, 2), Totals(lab));
    }

    [Fact]
    public void An_IKE_SA_rekey_counts_once_while_the_old_SA_lingers_and_its_CHILD_SAs_are_not_counted_twice()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        Usage(lab, 5);
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyIkeSa("hub1"));
        Assert.Equal(new ConnectionTotals(500, 5, 500, 5, 1, 0), Totals(lab));

        // The old SA's DELETE goes unanswered for now: old (rekey 1) and new (rekey 2) SA coexist.
        var oldSpi = lab.SpokeSa.SpiI;
        lab.Net.Drop = p => p.Data[IkeHeader.ExchangeOffset] == (byte)ExchangeType.Informational
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(p.Data) == oldSpi;
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyIkeSa("hub1"));
        Assert.Equal(2, lab.Spoke.Engine.Sas.Count(s => s.Name == "hub1"));
        Assert.Equal(new ConnectionTotals(500, 5, 500, 5, 2, 0), Totals(lab));

        lab.Net.Drop = null;
        lab.Net.Advance(TimeSpan.FromSeconds(60));
        Assert.Single(lab.Spoke.Engine.Sas, s => s.Name == "hub1");
        Assert.Equal(new ConnectionTotals(500, 5, 500, 5, 2, 0), Totals(lab));
    }

    [Fact]
    public void A_reconnect_keeps_what_the_tunnel_carried_and_how_often_it_rekeyed()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        Usage(lab, 7);
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyIkeSa("hub1"));
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyChildSa("hub1", "net"));
        var before = Totals(lab);
        Assert.Equal(new ConnectionTotals(700, 7, 700, 7, 1, 1), before);

        // The hub deletes the IKE SA; close action restart: the spoke establishes a new one from scratch.
        lab.Net.Apply(lab.Hub, lab.Hub.Engine.Terminate("spokes"));
        lab.Net.Advance(TimeSpan.FromSeconds(10));
        lab.AssertUp();
        Assert.Equal(0, lab.SpokeSa.RekeyCount);
        Assert.Equal(before, Totals(lab));
        Usage(lab, 2);
        Assert.Equal(new ConnectionTotals(900, 9, 900, 9, 1, 1), Totals(lab));
    }
}
