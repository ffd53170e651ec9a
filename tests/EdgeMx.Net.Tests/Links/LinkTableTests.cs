using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EdgeMx.Net.Links;
using EdgeMx.Net.Netlink;
using EdgeMx.Net.Tests.Lab;

namespace EdgeMx.Net.Tests.Links;

public class LinkTableTests
{
    [Fact]
    public async Task Reads_links_as_ip_sees_them()
    {
        using var test = new TestNamespace();
        test.Ip("link add lt0 mtu 1400 type veth peer name lt1");
        using var links = LinkTable.Open(test.Namespace);

        var lt0 = await links.GetAsync("lt0");
        Assert.NotNull(lt0);
        var fromIp = JsonDocument.Parse(test.Ip("-j link show lt0")).RootElement[0];
        Assert.Equal(fromIp.GetProperty("ifindex").GetInt32(), lt0.Index);
        Assert.Equal(1400, lt0.Mtu);
        Assert.Equal(fromIp.GetProperty("address").GetString(), lt0.HardwareAddress);
        Assert.Equal("veth", lt0.Kind);
        Assert.False(lt0.IsUp);
        Assert.Equal(lt0, await links.GetAsync(lt0.Index));

        var all = await links.ListAsync();
        Assert.Equal(["lo", "lt0", "lt1"], all.Select(l => l.Name).Order());
    }

    [Fact]
    public async Task Sets_up_down_and_mtu()
    {
        using var test = new TestNamespace();
        test.Ip("link add lt0 type veth peer name lt1");
        using var links = LinkTable.Open(test.Namespace);

        await links.SetUpAsync("lt0", true);
        await links.SetUpAsync("lt1", true);
        await links.SetMtuAsync("lt0", 1280);
        var lt0 = await links.GetAsync("lt0");
        Assert.True(lt0!.IsUp);
        Assert.True(lt0.Carrier);
        Assert.Equal(1280, await links.GetMtuAsync("lt0"));
        Assert.Contains("mtu 1280", test.Ip("link show lt0"));
        Assert.Contains("state UP", test.Ip("link show lt0"));

        await links.SetUpAsync("lt1", false);
        lt0 = await links.GetAsync("lt0");
        Assert.False(lt0!.Carrier);
        Assert.Equal(LinkOperState.LowerLayerDown, lt0.OperState);
    }

    [Fact]
    public async Task Adds_and_removes_addresses_ipv4_and_ipv6()
    {
        using var test = new TestNamespace();
        test.Ip("link add lt0 type veth peer name lt1");
        using var links = LinkTable.Open(test.Namespace);
        var index = await links.GetIndexAsync("lt0");

        await links.AddAddressAsync(index, IPAddress.Parse("198.51.100.2"), 24);
        await links.AddAddressAsync(index, IPAddress.Parse("198.51.100.2"), 24); // idempotent
        await links.AddAddressAsync(index, IPAddress.Parse("2001:db8::2"), 64, skipDuplicateDetection: true);

        var addresses = await links.GetAddressesAsync("lt0");
        Assert.Contains(addresses, a => a.Address.Equals(IPAddress.Parse("198.51.100.2")) && a.PrefixLength == 24);
        Assert.Contains(addresses, a => a.Address.Equals(IPAddress.Parse("2001:db8::2")) && a.PrefixLength == 64);
        Assert.Single(addresses, a => a.Address.AddressFamily == AddressFamily.InterNetwork);
        Assert.Equal("198.51.100.0/24", addresses.First(a => a.Address.AddressFamily == AddressFamily.InterNetwork).Network.ToString());
        var shown = test.Ip("addr show dev lt0");
        Assert.Contains("inet 198.51.100.2/24", shown);
        Assert.Contains("inet6 2001:db8::2/64", shown);

        Assert.True(await links.RemoveAddressAsync(index, IPAddress.Parse("198.51.100.2"), 24));
        Assert.False(await links.RemoveAddressAsync(index, IPAddress.Parse("198.51.100.2"), 24));
        Assert.DoesNotContain("198.51.100.2", test.Ip("addr show dev lt0"));
        Assert.Empty(await links.GetAddressesAsync(index, AddressFamily.InterNetwork));
    }

    [Fact]
    public async Task Errors_name_the_request_and_the_errno()
    {
        using var test = new TestNamespace();
        using var links = LinkTable.Open(test.Namespace);
        var e = await Assert.ThrowsAsync<NetlinkException>(() => links.SetMtuAsync(999, 1400));
        Assert.Equal(NetlinkException.ENODEV, e.ErrorNumber);
        Assert.Contains("RTM_NEWLINK (index 999 mtu 1400)", e.Message);
        Assert.Contains("errno 19", e.Message);
        await Assert.ThrowsAsync<NetlinkException>(() => links.GetIndexAsync("nosuch0"));
        Assert.Throws<ArgumentException>(() => { _ = links.GetAsync("this-name-is-too-long"); });
    }
}
