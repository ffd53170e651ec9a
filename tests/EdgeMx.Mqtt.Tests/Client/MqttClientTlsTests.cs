using System.Text;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Tests.Broker;

namespace EdgeMx.Mqtt.Tests.Client;

/// <summary>TLS with a CA, server and client certificates made by openssl at test time; password auth by mosquitto_passwd.</summary>
public sealed class MqttClientTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "appliance";
    private const string Password = "correct horse battery staple";
    private MosquittoBroker _broker = null!;

    public async Task InitializeAsync() =>
        _broker = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = true, Users = new Dictionary<string, string> { [User] = Password } });

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private TestClient Client(string id, Func<MqttClientOptions, MqttClientOptions>? configure = null, MqttProtocolVersion version = MqttProtocolVersion.V500) =>
        TestClient.Create(_broker, id, output, o => (configure ?? (x => x))(o with { UserName = User, Password = Encoding.UTF8.GetBytes(Password) }), version: version);

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Verified_tls_with_password_carries_messages(MqttProtocolVersion version)
    {
        await using var witness = await MosquittoSubscriber.StartAsync(_broker, "edgemx/tls/#", "tls-witness",
            "--cafile", _broker.Certificates!.CaFile, "-u", User, "-P", Password);
        await using var client = Client("tls-client", version: version);
        client.Client.Start();
        await client.WaitConnectedAsync();
        Assert.Equal(MqttPublishOutcome.Delivered, (await client.Client.PublishAsync(new MqttApplicationMessage
        {
            Topic = "edgemx/tls/hello", Payload = "over-tls"u8.ToArray(), Qos = MqttQos.AtLeastOnce,
        })).Outcome);
        await witness.WaitForLinesAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal("edgemx/tls/hello over-tls", witness.Lines[0]);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task A_wrong_password_is_an_authentication_problem(MqttProtocolVersion version)
    {
        await using var client = Client("bad-pass", o => o with { Password = "Pz9-not-the-one"u8.ToArray() }, version);
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => client.LastProblem() is not null, TimeSpan.FromSeconds(10), "a problem report");
        var problem = client.LastProblem()!;
        Assert.Equal(MqttConnectionProblemKind.AuthenticationRefused, problem.Kind);
        Assert.DoesNotContain("Pz9", problem.Message + problem.Check); // the secret never appears
        Assert.Contains("password", problem.Check);
    }

    [Fact]
    public async Task A_certificate_from_another_ca_is_refused()
    {
        await using var client = Client("other-ca", o => o with { CaFile = _broker.Certificates!.OtherCaFile });
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => client.LastProblem() is not null, TimeSpan.FromSeconds(10), "a problem report");
        var problem = client.LastProblem()!;
        Assert.Equal(MqttConnectionProblemKind.TlsCertificate, problem.Kind);
        Assert.Contains("does not chain to the configured CA", problem.Message);
        Assert.Contains("caFile", problem.Check);
        Assert.DoesNotContain("Received CONNECT", _broker.Log()); // nothing, not even the credentials, went to it
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused()
    {
        await using var client = Client("wrong-name", o => o with { ServerName = "broker.example.net" });
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => client.LastProblem() is not null, TimeSpan.FromSeconds(10), "a problem report");
        Assert.Equal(MqttConnectionProblemKind.TlsCertificate, client.LastProblem()!.Kind);
        Assert.Contains("not valid for the name 'broker.example.net'", client.LastProblem()!.Message);
    }

    [Fact]
    public async Task Plain_tcp_to_a_tls_port_does_not_connect()
    {
        await using var client = Client("plain", o => o with { Security = EdgeMx.Mqtt.Transport.MqttTransportSecurity.None });
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => client.Problems.Count >= 2, TimeSpan.FromSeconds(15), "two failed attempts");
        Assert.Equal(0, client.ConnectedCount);
    }

    [Fact]
    public async Task A_client_certificate_is_presented_when_the_broker_requires_one()
    {
        await using var strict = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Tls = true, RequireClientCertificate = true });
        var pki = strict.Certificates!;

        await using var withCert = TestClient.Create(strict, "with-cert", output,
            o => o with { ClientCertificateFile = pki.ClientCertificateFile, ClientKeyFile = pki.ClientKeyFile });
        withCert.Client.Start();
        await withCert.WaitConnectedAsync();

        await using var without = TestClient.Create(strict, "without-cert", output);
        without.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => without.Problems.Count >= 2, TimeSpan.FromSeconds(15), "two failed attempts");
        Assert.Equal(0, without.ConnectedCount);
    }

    [Fact]
    public async Task Unreadable_tls_files_are_a_configuration_problem()
    {
        await using var client = Client("no-ca", o => o with { CaFile = "/nonexistent/ca.crt" });
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => client.LastProblem() is not null, TimeSpan.FromSeconds(10), "a problem report");
        Assert.Equal(MqttConnectionProblemKind.Configuration, client.LastProblem()!.Kind);
    }
}
