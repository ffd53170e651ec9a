using EdgeMx.Core.Events;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Telemetry;

namespace EdgeMx.Mqtt.Tests.Telemetry;

public class TelemetryIncidentsTests
{
    private static MqttConnectionProblem Problem(MqttConnectionProblemKind kind, MqttReasonCode? code = null) =>
        new(kind, $"the broker at b:1883 {kind}", "check it") { ReasonCode = code };

    [Fact]
    public void A_broker_down_for_hours_is_one_event_per_kind_of_trouble()
    {
        var incidents = new TelemetryIncidents("b:1883");
        Assert.Equal("telemetry.connected", incidents.OnConnected("5.0", 0)!.Type);

        var lost = incidents.OnProblem(Problem(MqttConnectionProblemKind.ConnectionLost))!;
        Assert.Equal("telemetry.connection-lost", lost.Type);
        Assert.Equal(EventCategory.Telemetry, lost.Category);
        Assert.Equal("check it", lost.Check);
        Assert.Equal("b:1883", lost.Subject);
        Assert.StartsWith("The broker", lost.Message);

        Assert.Equal("telemetry.broker-unreachable", incidents.OnProblem(Problem(MqttConnectionProblemKind.Unreachable))!.Type);
        for (var i = 0; i < 100; i++) Assert.Null(incidents.OnProblem(Problem(MqttConnectionProblemKind.Unreachable)));

        var back = incidents.OnConnected("5.0", 0)!;
        Assert.Equal("telemetry.connected", back.Type);
        Assert.Contains("after 102 failed attempt(s)", back.Message);
        Assert.Equal(EventSeverity.Info, back.Severity);
    }

    [Fact]
    public void Credentials_and_tls_trouble_are_errors_with_their_own_types()
    {
        var incidents = new TelemetryIncidents("b:8883");
        var auth = incidents.OnProblem(Problem(MqttConnectionProblemKind.AuthenticationRefused, MqttReasonCode.NotAuthorized))!;
        Assert.Equal(("telemetry.auth-refused", EventSeverity.Error), (auth.Type, auth.Severity));
        Assert.Equal("NotAuthorized", auth.Details!["reasonCode"]);
        var tls = incidents.OnProblem(Problem(MqttConnectionProblemKind.TlsCertificate))!;
        Assert.Equal(("telemetry.tls-failed", EventSeverity.Error), (tls.Type, tls.Severity));
    }

    [Fact]
    public void A_plain_reconnect_without_trouble_or_drops_is_silent()
    {
        var incidents = new TelemetryIncidents("b:1883");
        incidents.OnConnected("3.1.1", 0);
        Assert.Null(incidents.OnConnected("3.1.1", 0));
    }

    [Fact]
    public void Queue_overflow_is_reported_once_per_outage_and_summed_up_on_return()
    {
        var incidents = new TelemetryIncidents("b:1883");
        incidents.OnConnected("5.0", 0);
        incidents.OnProblem(Problem(MqttConnectionProblemKind.Unreachable));
        var first = incidents.OnOverflow(new MqttQueueOverflow(1, 11), 100, 1000)!;
        Assert.Equal("telemetry.queue-overflow", first.Type);
        for (var i = 12; i < 50; i++) Assert.Null(incidents.OnOverflow(new MqttQueueOverflow(1, i), 100, 1000));
        var back = incidents.OnConnected("5.0", 49)!;
        Assert.Contains("dropped the 39 oldest", back.Message);
        Assert.Equal(EventSeverity.Warning, back.Severity);

        incidents.OnProblem(Problem(MqttConnectionProblemKind.Unreachable));
        Assert.NotNull(incidents.OnOverflow(new MqttQueueOverflow(1, 50), 100, 1000)); // a new outage reports again
    }
}
