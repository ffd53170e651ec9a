using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>The usual cast: a spoke (initiator) and a hub (responder) on the in-process wire.</summary>
internal sealed class SpokeAndHub
{
    public SpokeAndHub(IkeConnectionSettings? spoke = null, IkeConnectionSettings? hub = null, IkeEngineOptions? hubOptions = null,
        string? natPublicAddress = null)
    {
        SpokeSettings = spoke ?? Tunnels.Spoke();
        HubSettings = hub ?? Tunnels.Hub();
        Spoke = Net.AddPeer("spoke", Tunnels.SpokeAddress);
        Hub = Net.AddPeer("hub", Tunnels.HubAddress, hubOptions);
        if (natPublicAddress is not null) Net.BehindNat(Spoke, natPublicAddress);
        Spoke.Engine.AddConnection(SpokeSettings);
        Hub.Engine.AddConnection(HubSettings);
    }

    public TestNetwork Net { get; } = new();
    public TestPeer Spoke { get; }
    public TestPeer Hub { get; }
    public IkeConnectionSettings SpokeSettings { get; }
    public IkeConnectionSettings HubSettings { get; }

    public void Connect() => Net.Apply(Spoke, Spoke.Engine.Initiate(SpokeSettings.Name, Spoke.Address));

    public IkeSa SpokeSa => Spoke.EstablishedSa(SpokeSettings.Name);

    public IkeSa HubSa => Hub.EstablishedSa(HubSettings.Name);

    /// <summary>Both IKE SAs up with the same SPIs, and the CHILD_SAs installed on both sides with mirrored SPIs and keys.</summary>
    public void AssertUp(int children = 1)
    {
        var spoke = SpokeSa;
        var hub = HubSa;
        Assert.Equal(spoke.SpiI, hub.SpiI);
        Assert.Equal(spoke.SpiR, hub.SpiR);
        Assert.Equal(children, Spoke.Installed.Count);
        Assert.Equal(children, Hub.Installed.Count);
        foreach (var mine in Spoke.Installed.Values) AssertMirrored(mine, Hub.Installed[mine.OutboundSpi]);
    }

    public static void AssertMirrored(ChildSaDescription a, ChildSaDescription b)
    {
        Assert.Equal(a.InboundSpi, b.OutboundSpi);
        Assert.Equal(a.OutboundSpi, b.InboundSpi);
        Assert.Equal(a.OutboundEncryptionKey, b.InboundEncryptionKey);
        Assert.Equal(a.InboundEncryptionKey, b.OutboundEncryptionKey);
        Assert.Equal(a.OutboundIntegrityKey, b.InboundIntegrityKey);
        Assert.Equal(a.InboundIntegrityKey, b.OutboundIntegrityKey);
        Assert.NotEqual(a.OutboundEncryptionKey, a.InboundEncryptionKey);
        Assert.Equal(a.LocalSelectors, b.RemoteSelectors);
        Assert.Equal(a.RemoteSelectors, b.LocalSelectors);
        Assert.Equal(a.Encryption, b.Encryption);
        Assert.Equal(a.Integrity, b.Integrity);
        Assert.Equal(a.UdpEncapsulation, b.UdpEncapsulation);
    }
}
