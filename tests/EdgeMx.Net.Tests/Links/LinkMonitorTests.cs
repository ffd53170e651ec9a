using System.Diagnostics;
using System.Net;
using EdgeMx.Net.Links;
using EdgeMx.Net.Tests.Lab;
using Xunit.Abstractions;

namespace EdgeMx.Net.Tests.Links;

public class LinkMonitorTests(ITestOutputHelper output)
{
    private static async Task<LinkEvent> NextMatching(LinkMonitor monitor, Func<LinkEvent, bool> match, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        await foreach (var e in monitor.ReadAllAsync(cts.Token))
            if (match(e)) return e;
        throw new InvalidOperationException("event stream ended");
    }

    [Fact]
    public async Task Snapshot_first_then_carrier_change_of_a_veth_arrives_as_an_event()
    {
        using var test = new TestNamespace();
        test.Ip("link add wan1 type veth peer name isp1");
        test.Ip("link set wan1 up");
        test.Ip("link set isp1 up");
        test.Ip("addr add 198.51.100.2/24 dev wan1");
        using var links = LinkTable.Open(test.Namespace);
        await using var monitor = await LinkMonitor.StartAsync(test.Namespace);

        var snapshot = new List<LinkEvent>();
        while (snapshot.Count < 3 && monitor.Events.TryRead(out var e)) snapshot.Add(e);
        Assert.All(snapshot, e => Assert.Equal(LinkEventKind.Present, e.Kind));
        var wan1 = Assert.Single(snapshot, e => e.Name == "wan1");
        Assert.True(wan1.Carrier);
        Assert.True(wan1.IsOperational);
        Assert.Contains(wan1.Addresses, a => a.Address.Equals(IPAddress.Parse("198.51.100.2")));
        Assert.Equal(wan1, monitor.Current[wan1.Index]);

        // Cable pull: the ISP side goes down, wan1 loses carrier.
        var latencies = new List<double>();
        for (var round = 0; round < 6; round++)
        {
            var started = Stopwatch.GetTimestamp();
            await links.SetUpAsync("isp1", false);
            var down = await NextMatching(monitor, e => e.Name == "wan1" && !e.Carrier, TimeSpan.FromSeconds(5));
            latencies.Add(Stopwatch.GetElapsedTime(started, down.Timestamp).TotalMilliseconds);
            Assert.Equal(LinkEventKind.Changed, down.Kind);
            Assert.Equal(LinkOperState.LowerLayerDown, down.OperState);
            Assert.True(down.IsUp);

            started = Stopwatch.GetTimestamp();
            await links.SetUpAsync("isp1", true);
            var up = await NextMatching(monitor, e => e.Name == "wan1" && e.Carrier, TimeSpan.FromSeconds(5));
            latencies.Add(Stopwatch.GetElapsedTime(started, up.Timestamp).TotalMilliseconds);
            Assert.Equal(LinkOperState.Up, up.OperState);
        }
        latencies.RemoveRange(0, 2); // the first round pays for JIT compilation
        output.WriteLine($"carrier change → event latency (ms): {string.Join(", ", latencies.Select(l => l.ToString("0.00")))}; max {latencies.Max():0.00}");
    }

    [Fact]
    public async Task Address_and_removal_events_carry_the_full_link_state()
    {
        using var test = new TestNamespace();
        test.Ip("link add wan2 type veth peer name isp2");
        using var links = LinkTable.Open(test.Namespace);
        await using var monitor = await LinkMonitor.StartAsync(test.Namespace);
        var index = await links.GetIndexAsync("wan2");

        await links.AddAddressAsync(index, IPAddress.Parse("10.0.2.2"), 24);
        var added = await NextMatching(monitor, e => e.Name == "wan2" && e.Addresses.Count > 0, TimeSpan.FromSeconds(5));
        Assert.Equal("10.0.2.2/24", added.Addresses.Single().ToString());

        await links.RemoveAddressAsync(index, IPAddress.Parse("10.0.2.2"), 24);
        var removedAddress = await NextMatching(monitor, e => e.Name == "wan2", TimeSpan.FromSeconds(5));
        Assert.Empty(removedAddress.Addresses);

        await links.SetMtuAsync(index, 1300);
        var mtu = await NextMatching(monitor, e => e.Name == "wan2", TimeSpan.FromSeconds(5));
        Assert.Equal(1300, mtu.Mtu);

        test.Ip("link del wan2");
        var gone = await NextMatching(monitor, e => e.Kind == LinkEventKind.Removed, TimeSpan.FromSeconds(5));
        Assert.Contains(gone.Name, new[] { "wan2", "isp2" });
        await NextMatching(monitor, e => e.Kind == LinkEventKind.Removed, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(monitor.Current.Values, e => e.Name is "wan2" or "isp2");

        test.Ip("link add wan3 type veth peer name isp3");
        var appeared = await NextMatching(monitor, e => e.Name == "wan3", TimeSpan.FromSeconds(5));
        Assert.Equal(LinkEventKind.Added, appeared.Kind);
    }
}
