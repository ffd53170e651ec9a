using System.Security.Cryptography;
using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Smoke;

/// <summary>The public services in $P-svc: DNS for the zone lab, the HTTP endpoint, the MQTT broker.</summary>
[Collection(LabCollection.Name)]
public sealed class ServiceTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    [Theory]
    [InlineData("hub1.lab", "203.0.113.11")]
    [InlineData("hub2.lab", "203.0.113.12")]
    [InlineData("www.lab", "203.0.113.100")]
    [InlineData("broker.lab", "203.0.113.100")]
    [InlineData("health.hub1.lab", "10.1.0.10")]
    [InlineData("health.hub2.lab", "10.2.0.10")]
    [InlineData("probe.lab", "203.0.113.101")]
    public async Task Dns_answers_the_lab_names_authoritatively(string name, string address)
    {
        Root.Require();
        var answer = (await Lab.RunAsync("isp1", $"dig +norec +time=2 +tries=1 @203.0.113.100 {name} A")).EnsureSuccess().StdOut;
        Assert.Contains("status: NOERROR", answer);
        Assert.Matches(@"flags: qr aa[ ;]", answer);
        Assert.Matches($@"(?m)^{name.Replace(".", @"\.")}\.\s+\d+\s+IN\s+A\s+{address.Replace(".", @"\.")}$", answer);
        // the second address of $P-svc serves the same zone
        var short101 = (await Lab.RunAsync("isp2", $"dig +short +time=2 +tries=1 @203.0.113.101 {name} A")).EnsureSuccess().StdOut;
        Assert.Equal(address, short101.Trim());
    }

    [Fact]
    public async Task Dns_has_no_upstream()
    {
        Root.Require();
        var unknown = (await Lab.RunAsync("isp1", "dig +time=2 +tries=1 @203.0.113.100 nosuch.lab A")).EnsureSuccess().StdOut;
        Assert.Contains("status: NXDOMAIN", unknown);
        var outside = (await Lab.RunAsync("isp1", "dig +time=2 +tries=1 @203.0.113.100 example.com A")).EnsureSuccess().StdOut;
        Assert.Contains("status: REFUSED", outside);
    }

    [Theory]
    [InlineData("/", 200)]
    [InlineData("/health", 200)]
    [InlineData("/nothing-here", 404)]
    public async Task Internet_http_endpoint_answers(string path, int status)
    {
        Root.Require();
        var curl = (await Lab.RunAsync("isp1", $"curl -s -o /dev/null -m 5 -w '%{{http_code}}' http://203.0.113.100{path}")).EnsureSuccess();
        Assert.Equal(status.ToString(), curl.StdOut);
    }

    [Fact]
    public async Task Internet_http_endpoint_sees_isp2_nat_address()
    {
        Root.Require();
        const string route = "203.0.113.100/32 via 10.0.2.1 dev wan2";
        (await Lab.RunAsync("app", $"ip route replace {route}")).EnsureSuccess();
        try
        {
            var curl = (await Lab.RunAsync("app", "curl -s -m 5 http://203.0.113.100/ip")).EnsureSuccess();
            Assert.Equal(Wan.Wan2.PublicAddress, curl.StdOut.Trim());
        }
        finally
        {
            await Lab.RunAsync("app", $"ip route del {route}");
        }
    }

    [Fact]
    public async Task Broker_carries_a_publish_to_a_subscriber()
    {
        Root.Require();
        var topic = $"lab/smoke/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        var payload = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var subscriber = Lab.RunAsync("isp1", $"mosquitto_sub -h 203.0.113.100 -t {topic} -C 1 -W 20", TimeSpan.FromSeconds(30));
        // the subscription is in place only once the broker has processed SUBSCRIBE: publish until it is heard
        await Lab.WaitUntilAsync(async () =>
        {
            (await Lab.RunAsync("isp2", $"mosquitto_pub -h 203.0.113.100 -t {topic} -m {payload}")).EnsureSuccess();
            return subscriber.IsCompleted;
        }, TimeSpan.FromSeconds(15), "the subscriber to receive the message", TimeSpan.FromMilliseconds(200));
        var received = (await subscriber).EnsureSuccess();
        Assert.Equal(payload, received.StdOut.Trim());
    }

    [Fact]
    public async Task Broker_stop_refuses_clients_and_start_serves_them_again()
    {
        Root.Require();
        try
        {
            await Lab.BrokerStopAsync();
            var refused = await Lab.RunAsync("isp1", "mosquitto_pub -h 203.0.113.100 -t lab/x -m x");
            Assert.False(refused.Succeeded, refused.ToString());
            await Lab.BrokerStopAsync(); // idempotent
        }
        finally
        {
            await Lab.BrokerStartAsync();
        }
        (await Lab.RunAsync("isp1", "mosquitto_pub -h 203.0.113.100 -t lab/x -m x")).EnsureSuccess();
    }
}
