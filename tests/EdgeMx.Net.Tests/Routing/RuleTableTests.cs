using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EdgeMx.Net.Netlink;
using EdgeMx.Net.Routing;
using EdgeMx.Net.Tests.Lab;

namespace EdgeMx.Net.Tests.Routing;

public class RuleTableTests
{
    [Fact]
    public async Task Add_list_delete_rules_with_every_selector_match_ip()
    {
        using var test = new TestNamespace();
        using var rules = RuleTable.Open(test.Namespace);
        var fromRule = new RoutingRule { Family = AddressFamily.InterNetwork, Priority = 1000, From = IPNetwork.Parse("198.51.100.2/32"), Table = 1001 };
        var iifRule = new RoutingRule { Family = AddressFamily.InterNetwork, Priority = 1001, InputInterface = "lan0", Table = 1002 };
        var markRule = new RoutingRule { Family = AddressFamily.InterNetwork, Priority = 1002, FwMark = 0x10, FwMask = 0xff, Table = 1003 };
        var v6Rule = new RoutingRule { Family = AddressFamily.InterNetworkV6, Priority = 1003, From = IPNetwork.Parse("2001:db8:1::/64"), To = IPNetwork.Parse("2001:db8:2::/64"), Table = 1004 };
        foreach (var rule in new[] { fromRule, iifRule, markRule, v6Rule }) await rules.AddAsync(rule);

        var shown = test.Ip("rule show");
        Assert.Contains("1000:\tfrom 198.51.100.2 lookup 1001 proto 77", shown);
        Assert.Contains("1001:\tfrom all iif lan0 [detached] lookup 1002 proto 77", shown); // lan0 does not exist here
        Assert.Contains("1002:\tfrom all fwmark 0x10/0xff lookup 1003 proto 77", shown);
        Assert.Contains("1003:\tfrom 2001:db8:1::/64 to 2001:db8:2::/64 lookup 1004 proto 77", test.Ip("-6 rule show"));

        var ours = await rules.ListOursAsync();
        Assert.Equal(4, ours.Count);
        Assert.Contains(fromRule, ours);
        Assert.Contains(iifRule, ours);
        Assert.Contains(markRule, ours);
        Assert.Contains(v6Rule, ours);
        // The kernel's own rules (local, main, default) are listed but not ours.
        var all = await rules.ListAsync(AddressFamily.InterNetwork);
        Assert.Contains(all, r => r.Priority == 32766 && r.Table == RouteTables.Main && !r.IsOurs);

        var dup = await Assert.ThrowsAsync<NetlinkException>(() => rules.AddAsync(fromRule));
        Assert.True(dup.AlreadyExists);

        Assert.True(await rules.DeleteAsync(markRule));
        Assert.False(await rules.DeleteAsync(markRule));
        Assert.DoesNotContain("fwmark", test.Ip("rule show"));
    }

    [Fact]
    public async Task Ensure_twice_leaves_one_rule()
    {
        using var test = new TestNamespace();
        using var rules = RuleTable.Open(test.Namespace);
        var rule = new RoutingRule { Family = AddressFamily.InterNetwork, Priority = 1000, From = IPNetwork.Parse("10.0.2.2/32"), Table = 1002 };
        Assert.True(await rules.EnsureAsync(rule));
        Assert.False(await rules.EnsureAsync(rule));
        Assert.Single(test.Ip("rule show").Split('\n'), l => l.Contains("lookup 1002"));
    }

    [Fact]
    public async Task Only_our_rules_are_removed()
    {
        using var test = new TestNamespace();
        test.Ip("rule add from 198.51.100.2 lookup 1001 priority 1000");
        test.Ip("rule add fwmark 7 lookup 1001 priority 1010 proto static");
        using var rules = RuleTable.Open(test.Namespace);
        await rules.AddAsync(new RoutingRule { Family = AddressFamily.InterNetwork, Priority = 1000, From = IPNetwork.Parse("198.51.100.2/32"), Table = 1001 });
        await rules.AddAsync(new RoutingRule { Family = AddressFamily.InterNetworkV6, Priority = 1000, From = IPNetwork.Parse("2001:db8::2/128"), Table = 1001 });

        Assert.Equal(2, await rules.RemoveOursAsync(1001));
        var remaining = JsonDocument.Parse(test.Ip("-j rule show")).RootElement.EnumerateArray().ToArray();
        Assert.Contains(remaining, r => r.GetProperty("priority").GetInt32() == 1000 && r.GetProperty("src").GetString() == "198.51.100.2");
        Assert.Contains(remaining, r => r.GetProperty("priority").GetInt32() == 1010);
        Assert.Empty(await rules.ListOursAsync());
    }
}
