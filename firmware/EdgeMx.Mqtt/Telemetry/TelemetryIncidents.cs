using EdgeMx.Core.Events;
using EdgeMx.Mqtt.Client;

namespace EdgeMx.Mqtt.Telemetry;

/// <summary>
/// Turns the client's stream of connection problems into event-log entries an operator can act on, without flooding:
/// a problem is reported when it differs from the last one reported (a broker down for an hour is one event, not one
/// per retry); a connection after problems is reported once with how many attempts failed; a full offline queue is
/// reported once per outage and summarised when the broker is back. Pure: returns drafts, appends nothing.
/// </summary>
public sealed class TelemetryIncidents(string broker)
{
    private string? _lastKey;
    private string? _lastMessage;
    private int _failures;
    private bool _everConnected;
    private bool _overflowReported;
    private long _droppedBeforeOutage = -1;

    public EventDraft? OnProblem(MqttConnectionProblem problem)
    {
        if (problem.Kind != MqttConnectionProblemKind.Refused) _failures++;
        var (type, severity) = Classify(problem.Kind);
        var key = $"{type}/{problem.ReasonCode}";
        _lastMessage = problem.Message;
        if (key == _lastKey) return null;
        _lastKey = key;
        return new EventDraft(severity, EventCategory.Telemetry, type, Capitalise(problem.Message))
        {
            Check = problem.Check,
            Subject = broker,
            Details = Details(("problem", problem.Kind.ToString()), ("reasonCode", problem.ReasonCode?.ToString())),
        };
    }

    /// <param name="protocol">"5.0" or "3.1.1".</param>
    /// <param name="droppedTotal">The offline queue's lifetime drop count now.</param>
    public EventDraft? OnConnected(string protocol, long droppedTotal)
    {
        var first = !_everConnected;
        var afterProblems = _lastKey is not null;
        var dropped = _droppedBeforeOutage >= 0 ? droppedTotal - _droppedBeforeOutage : 0;
        var failures = _failures;
        var lastMessage = _lastMessage;
        _everConnected = true;
        _lastKey = null;
        _lastMessage = null;
        _failures = 0;
        _overflowReported = false;
        _droppedBeforeOutage = -1;
        if (!first && !afterProblems && dropped == 0) return null;

        var message = first && !afterProblems
            ? $"Telemetry connected to the MQTT broker at {broker} (MQTT {protocol})"
            : $"Telemetry connected again to the MQTT broker at {broker} (MQTT {protocol}) after {failures} failed attempt(s)";
        if (dropped > 0) message += $"; the offline queue was full and dropped the {dropped} oldest message(s) meanwhile";
        return new EventDraft(dropped > 0 ? EventSeverity.Warning : EventSeverity.Info, EventCategory.Telemetry, "telemetry.connected", message)
        {
            Subject = broker,
            Check = dropped > 0 ? "raise telemetry.offlineQueue.maxMessages / maxBytes if outages this long are expected" : null,
            Details = Details(("failedAttempts", failures.ToString()), ("lastProblem", lastMessage), ("dropped", dropped > 0 ? dropped.ToString() : null)),
        };
    }

    /// <summary>Called when the offline queue dropped its oldest messages; reports the first time per outage.</summary>
    public EventDraft? OnOverflow(MqttQueueOverflow overflow, int maxMessages, long maxBytes)
    {
        if (_droppedBeforeOutage < 0) _droppedBeforeOutage = overflow.DroppedTotal - overflow.Dropped;
        if (_overflowReported) return null;
        _overflowReported = true;
        return new EventDraft(EventSeverity.Warning, EventCategory.Telemetry, "telemetry.queue-overflow",
            $"The telemetry offline queue is full ({maxMessages} messages / {maxBytes} bytes) while the broker at {broker} is unreachable; the oldest events are being dropped")
        {
            Subject = broker,
            Check = "bring the broker back (see the previous telemetry event), or raise telemetry.offlineQueue limits",
            Details = Details(("droppedTotal", overflow.DroppedTotal.ToString())),
        };
    }

    private static (string Type, EventSeverity Severity) Classify(MqttConnectionProblemKind kind) => kind switch
    {
        MqttConnectionProblemKind.Configuration => ("telemetry.config-error", EventSeverity.Error),
        MqttConnectionProblemKind.NameResolution => ("telemetry.dns-failed", EventSeverity.Warning),
        MqttConnectionProblemKind.Unreachable => ("telemetry.broker-unreachable", EventSeverity.Warning),
        MqttConnectionProblemKind.Timeout => ("telemetry.broker-timeout", EventSeverity.Warning),
        MqttConnectionProblemKind.TlsHandshake or MqttConnectionProblemKind.TlsCertificate => ("telemetry.tls-failed", EventSeverity.Error),
        MqttConnectionProblemKind.AuthenticationRefused => ("telemetry.auth-refused", EventSeverity.Error),
        MqttConnectionProblemKind.ConnectRefused => ("telemetry.connect-refused", EventSeverity.Error),
        MqttConnectionProblemKind.ProtocolViolation => ("telemetry.protocol-error", EventSeverity.Warning),
        MqttConnectionProblemKind.BrokerDisconnected => ("telemetry.broker-disconnected", EventSeverity.Warning),
        MqttConnectionProblemKind.ConnectionLost => ("telemetry.connection-lost", EventSeverity.Warning),
        _ => ("telemetry.publish-refused", EventSeverity.Warning),
    };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static Dictionary<string, string> Details(params (string Key, string? Value)[] pairs) =>
        pairs.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
}
