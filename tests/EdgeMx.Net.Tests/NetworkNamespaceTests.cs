using EdgeMx.Net.Links;
using EdgeMx.Net.Tests.Lab;

namespace EdgeMx.Net.Tests;

public class NetworkNamespaceTests
{
    [Fact]
    public async Task Anonymous_namespace_has_only_a_loopback()
    {
        EdgeMx.Testing.Root.Require();
        using var ns = NetworkNamespace.CreateAnonymous();
        using var links = LinkTable.Open(ns);
        var all = await links.ListAsync();
        var lo = Assert.Single(all);
        Assert.Equal("lo", lo.Name);
        Assert.False(lo.IsUp);
    }

    [Fact]
    public async Task Named_namespace_sees_the_links_made_in_it_and_root_does_not()
    {
        using var test = new TestNamespace();
        test.Ip("link add nsprobe0 type veth peer name nsprobe1");
        using var links = LinkTable.Open(test.Namespace);
        Assert.NotNull(await links.GetAsync("nsprobe0"));
        Assert.NotNull(await links.GetAsync("nsprobe1"));
        Assert.Null(await links.GetAsync("nosuch0"));
        Assert.Equal(test.Name, test.Namespace.Name);
    }

    [Fact]
    public void Missing_named_namespace_fails_clearly()
    {
        EdgeMx.Testing.Root.Require();
        var e = Assert.Throws<NativeCallException>(() => NetworkNamespace.Open("emx-does-not-exist"));
        Assert.Contains("/run/netns/emx-does-not-exist", e.Message);
    }

    [Fact]
    public void Exceptions_from_the_delegate_reach_the_caller()
    {
        EdgeMx.Testing.Root.Require();
        using var ns = NetworkNamespace.CreateAnonymous();
        var e = Assert.Throws<InvalidOperationException>(() => ns.Run<int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", e.Message);
        Assert.Equal(42, ns.Run(() => 42));
    }
}
