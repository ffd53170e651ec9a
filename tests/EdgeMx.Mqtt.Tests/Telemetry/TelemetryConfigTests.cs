using System.Text;
using EdgeMx.Core.Configuration;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Telemetry;
using EdgeMx.Mqtt.Transport;

namespace EdgeMx.Mqtt.Tests.Telemetry;

/// <summary>The `telemetry` section through the real loader: schema, semantic checks, then the settings it becomes.</summary>
public sealed class TelemetryConfigTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgemx-telemetry-config-" + Guid.NewGuid().ToString("N"));

    public TelemetryConfigTests() => Directory.CreateDirectory(_dir);

    private string Secret(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    private static ConfigLoadResult Load(string telemetry) => ConfigLoader.CreateDefault(interfaces: null).LoadText($$"""
        {
          "device": { "id": "br-17" },
          "uplinks": [ { "name": "wan1", "interface": "eth0", "addressing": { "mode": "os" } } ],
          "telemetry": {{telemetry}}
        }
        """, "test.json", "/");

    private static string Problems(ConfigLoadResult r) => string.Join("\n", r.Problems);

    [Fact]
    public void A_full_section_loads_and_becomes_client_settings()
    {
        var password = Secret("mqtt.pass", "s3cret\n");
        var ca = Secret("ca.pem", "-----BEGIN CERTIFICATE-----\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var result = Load($$"""
            {
              "broker": { "host": "broker.example.net", "caFile": "{{ca}}" },
              "protocolVersion": "3.1.1", "username": "br-17", "passwordFile": "{{password}}",
              "keepAliveSeconds": 20, "topicPrefix": "acme/edge", "metricsIntervalMs": 10000, "eventExpirySeconds": 86400,
              "offlineQueue": { "path": "{{_dir}}/queue", "maxMessages": 500 },
              "homeAssistant": { "discoveryPrefix": "ha" }
            }
            """);
        Assert.True(result.Config is not null, Problems(result));
        var settings = TelemetrySettings.FromConfig(result.Config!)!;
        Assert.Equal("broker.example.net", settings.Client.Host);
        Assert.Equal(8883, settings.Client.Port);
        Assert.Equal(MqttTransportSecurity.Tls, settings.Client.Security);
        Assert.Equal(MqttProtocolVersion.V311, settings.Client.ProtocolVersion);
        Assert.Equal("edgemx-br-17", settings.Client.ClientId);
        Assert.Null(settings.Client.Password); // read from the file at connect time, never kept in settings
        Assert.Equal(password, settings.PasswordFile);
        Assert.Equal("acme/edge/br-17/availability", settings.Client.Will!.Topic);
        Assert.True(settings.Client.Will.Retain);
        Assert.Equal("offline", Encoding.UTF8.GetString(settings.Client.Will.Payload.Span));
        Assert.Equal("ha/status", settings.Topics.HomeAssistantStatus);
        Assert.Equal(86400u, settings.EventExpirySeconds);
        Assert.Equal(500, settings.Queue.MaxMessages);
    }

    [Fact]
    public void Plain_tcp_defaults_to_1883_and_a_disabled_section_gives_no_telemetry()
    {
        var plain = Load("""{ "broker": { "host": "203.0.113.100", "transport": "tcp" } }""");
        Assert.Equal(1883, TelemetrySettings.FromConfig(plain.Config!)!.Client.Port);
        var off = Load("""{ "enabled": false, "broker": { "host": "203.0.113.100" } }""");
        Assert.Null(TelemetrySettings.FromConfig(off.Config!));
    }

    [Theory]
    [InlineData("""{ }""", "$.telemetry.broker", "required")]
    [InlineData("""{ "broker": { "host": "b", "transport": "quic" } }""", "$.telemetry.broker.transport", "")]
    [InlineData("""{ "broker": { "host": "b" }, "protocolVersion": "4" }""", "$.telemetry.protocolVersion", "")]
    [InlineData("""{ "broker": { "host": "b" }, "password": "inline" }""", "$.telemetry", "password")]
    [InlineData("""{ "broker": { "host": "b", "port": 70000 } }""", "$.telemetry.broker.port", "")]
    [InlineData("""{ "broker": { "host": "b" }, "clientId": "has space" }""", "$.telemetry.clientId", "client id")]
    [InlineData("""{ "broker": { "host": "b" }, "topicPrefix": "a/+/b" }""", "$.telemetry.topicPrefix", "")]
    [InlineData("""{ "broker": { "host": "b", "transport": "tcp", "caFile": "/etc/ca.pem" } }""", "$.telemetry.broker.transport", "TLS settings")]
    [InlineData("""{ "broker": { "host": "b", "clientCertificateFile": "/nonexistent.pem" } }""", "$.telemetry.broker.clientCertificateFile", "")]
    [InlineData("""{ "broker": { "host": "b" }, "passwordFile": "/nonexistent/pass" }""", "$.telemetry.passwordFile", "does not exist")]
    [InlineData("""{ "broker": { "host": "b" }, "reconnect": { "initialDelayMs": 90000, "maxDelayMs": 60000 } }""", "$.telemetry.reconnect.initialDelayMs", "longer than")]
    [InlineData("""{ "broker": { "host": "b" }, "offlineQueue": { "path": "/var/lib/edgemx/events.jsonl" } }""", "$.telemetry.offlineQueue.path", "already uses")]
    public void Mistakes_are_reported_at_their_path(string telemetry, string path, string words)
    {
        var result = Load(telemetry);
        Assert.Null(result.Config);
        Assert.Contains(result.Problems, p => p.Path.StartsWith(path, StringComparison.Ordinal) && p.Message.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_file_others_can_read_is_refused()
    {
        var loose = Secret("loose.pass", "x", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var result = Load($$"""{ "broker": { "host": "b" }, "username": "u", "passwordFile": "{{loose}}" }""");
        Assert.Contains(result.Problems, p => p.Path == "$.telemetry.passwordFile" && p.Message.Contains("chmod 600"));
    }

    [Fact]
    public void A_3_1_1_password_needs_a_user_name_and_a_key_needs_its_certificate()
    {
        var pass = Secret("p", "x");
        var key = Secret("k", "x");
        var result = Load($$"""{ "broker": { "host": "b", "clientKeyFile": "{{key}}" }, "protocolVersion": "3.1.1", "passwordFile": "{{pass}}" }""");
        Assert.Contains(result.Problems, p => p.Path == "$.telemetry.passwordFile" && p.Message.Contains("user name"));
        Assert.Contains(result.Problems, p => p.Path == "$.telemetry.broker.clientKeyFile" && p.Message.Contains("both"));
    }

    [Fact]
    public void A_password_over_plain_tcp_is_a_warning_not_an_error()
    {
        var pass = Secret("p", "x");
        var result = Load($$"""{ "broker": { "host": "b", "transport": "tcp" }, "username": "u", "passwordFile": "{{pass}}" }""");
        Assert.NotNull(result.Config);
        Assert.Contains(result.Problems, p => p.Severity == ConfigProblemSeverity.Warning && p.Message.Contains("unencrypted"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
