using System.Net;
using EdgeMx.Net.Dns;

namespace EdgeMx.Net.Tests.Dns;

public sealed class ResolvConfTests
{
    [Fact]
    public void Nameserver_lines_are_read_in_order_and_everything_else_is_ignored()
    {
        var servers = ResolvConf.Parse("""
            # written by the DHCP client
            search branch.example
            nameserver 192.0.2.53
            ;nameserver 192.0.2.99
            options edns0 timeout:1
              nameserver	198.51.100.53   # trailing words are ignored
            nameserver not-an-address
            nameserver
            nameserver fe80::1%1
            """);
        Assert.Equal(["192.0.2.53", "198.51.100.53", "fe80::1%1"], servers.Select(s => s.ToString()));
    }

    [Fact]
    public void Only_the_first_three_servers_count_as_for_glibc()
    {
        var servers = ResolvConf.Parse("nameserver 10.0.0.1\nnameserver 10.0.0.2\nnameserver 10.0.0.3\nnameserver 10.0.0.4\n");
        Assert.Equal(ResolvConf.MaxServers, servers.Count);
        Assert.DoesNotContain(IPAddress.Parse("10.0.0.4"), servers);
    }

    [Fact]
    public void A_missing_file_means_no_servers()
    {
        Assert.Empty(ResolvConf.Read(Path.Combine(Path.GetTempPath(), $"edgemx-no-such-{Guid.NewGuid():N}", "resolv.conf")));
    }

    [Fact]
    public void A_file_is_read_up_to_the_bound()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "nameserver 10.9.8.7\n" + new string('#', ResolvConf.MaxBytes) + "\nnameserver 10.9.8.6\n");
            Assert.Equal([IPAddress.Parse("10.9.8.7")], ResolvConf.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
