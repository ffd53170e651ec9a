using EdgeMx.Mqtt.Client;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Mqtt.Telemetry;

public sealed partial class TelemetryPublisher
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Telemetry stopped by an internal error")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "The event log restarted below sequence {Queued} (now {Last}); telemetry resumes from its start")]
    private partial void LogEventLogReset(long queued, long last);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "MQTT command {Command}: ok={Ok} {Error} (reply {Outcome})")]
    private partial void LogCommand(string command, bool ok, string? error, MqttPublishOutcome outcome);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Retained MQTT command on {Topic} ignored (commands must not be retained)")]
    private partial void LogRetainedCommandIgnored(string topic);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "MQTT command on {Topic} dropped: too many commands waiting")]
    private partial void LogCommandDropped(string topic);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "Home Assistant discovery: {Count} documents, all delivered {Ok}")]
    private partial void LogDiscovery(int count, bool ok);
}
