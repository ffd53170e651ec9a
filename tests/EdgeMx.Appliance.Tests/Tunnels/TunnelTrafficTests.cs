using EdgeMx.Appliance.Tunnels;
using EdgeMx.Core.State;
using EdgeMx.Ike.DataPlane;

namespace EdgeMx.Appliance.Tests.Tunnels;

/// <summary>A tunnel's counters across CHILD_SA rekeys: they add up every SA the tunnel had and never fall back.</summary>
public sealed class TunnelTrafficTests
{
    [Fact]
    public void The_counters_keep_what_rekeyed_child_sas_carried()
    {
        var traffic = new TunnelTraffic();
        Assert.Equal(new TunnelCounters { BytesIn = 1000, PacketsIn = 10, BytesOut = 400, PacketsOut = 4 },
            traffic.Counters([Sa(Child("aaaa0001", 1000, 10, 400, 4))]));

        // Rekeyed: the new SA took over, the old one went with a little more than the last pull had seen.
        traffic.Retire(new ChildSaUsage(1200, 12, 500, 5, null));
        Assert.Equal(new TunnelCounters { BytesIn = 1300, PacketsIn = 13, BytesOut = 500, PacketsOut = 5 },
            traffic.Counters([Sa(Child("aaaa0002", 100, 1, 0, 0))]));

        // The tunnel went down (no SAs): the totals stay.
        traffic.Retire(new ChildSaUsage(150, 2, 60, 1, null));
        Assert.Equal(new TunnelCounters { BytesIn = 1350, PacketsIn = 14, BytesOut = 560, PacketsOut = 6 }, traffic.Counters([]));
    }

    private static IkeSaStatus Sa(params ChildSaStatus[] children) => new()
    {
        UniqueId = 1, State = "ESTABLISHED", SpiI = "1", SpiR = "2", Local = "198.51.100.2:4500", Remote = "203.0.113.11:4500",
        Children = [.. children],
    };

    private static ChildSaStatus Child(string spi, long bytesIn, long packetsIn, long bytesOut, long packetsOut) => new()
    {
        Name = "net", UniqueId = 2, State = "INSTALLED", SpiIn = spi, SpiOut = spi, Proposal = "AES_GCM_16_256", LocalTs = "192.168.50.0/24",
        RemoteTs = "10.1.0.0/24", BytesIn = bytesIn, PacketsIn = packetsIn, BytesOut = bytesOut, PacketsOut = packetsOut,
    };
}
