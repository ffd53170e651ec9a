namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// A CHILD_SA rekey asked for while the IKE SA's own rekey is in flight waits behind it (one exchange at a time,
/// RFC 7296 §2.3) and, once the CHILD_SAs have moved to the new IKE SA (§2.8), runs there instead of being dropped
/// with the old SA's queue.
/// </summary>
public class RekeyQueueTests
{
    [Fact]
    public void A_child_rekey_queued_behind_an_ike_rekey_runs_on_the_new_ike_sa()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        lab.Net.Run();
        lab.AssertUp();
        var oldIkeSpi = lab.SpokeSa.SpiI;
        var oldChildSpi = lab.Spoke.Installed.Keys.Single();

        // Both asked for at once: the IKE rekey goes first, the CHILD_SA rekey is queued behind it.
        // (Both commands reach the engine before any packet is delivered, as on a real loop.)
        var ikeRekey = lab.Spoke.Engine.RekeyIkeSa(lab.SpokeSettings.Name);
        var childRekey = lab.Spoke.Engine.RekeyChildSa(lab.SpokeSettings.Name, "net");
        Assert.Empty(childRekey); // queued: the IKE rekey's request is outstanding
        lab.Net.Apply(lab.Spoke, ikeRekey);

        Assert.NotEqual(oldIkeSpi, lab.SpokeSa.SpiI);
        Assert.DoesNotContain(oldChildSpi, lab.Spoke.Installed.Keys); // the CHILD_SA was rekeyed too
        lab.AssertUp();
        Assert.Equal(ChildSaState.Installed, lab.SpokeSa.Children.Single().State);
        Assert.Single(lab.Spoke.Engine.Sas);
        Assert.Single(lab.Hub.Engine.Sas);
    }

    [Fact]
    public void A_child_delete_queued_behind_an_ike_rekey_runs_on_the_new_ike_sa()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        lab.Net.Run();
        lab.AssertUp();
        var oldIkeSpi = lab.SpokeSa.SpiI;

        var ikeRekey = lab.Spoke.Engine.RekeyIkeSa(lab.SpokeSettings.Name);
        Assert.Empty(lab.Spoke.Engine.DeleteChildSa(lab.SpokeSettings.Name, "net"));
        lab.Net.Apply(lab.Spoke, ikeRekey);

        Assert.NotEqual(oldIkeSpi, lab.SpokeSa.SpiI);
        Assert.Empty(lab.SpokeSa.Children); // deleted on the new IKE SA, at both ends
        Assert.Empty(lab.HubSa.Children);
        Assert.Empty(lab.Spoke.Installed);
        Assert.Empty(lab.Hub.Installed);
    }
}
