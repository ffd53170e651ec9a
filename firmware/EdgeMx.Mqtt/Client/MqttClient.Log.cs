using Microsoft.Extensions.Logging;

namespace EdgeMx.Mqtt.Client;

public sealed partial class MqttClient
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "MQTT connected to {Broker} (MQTT {Version}, session present {SessionPresent}, keep-alive {KeepAlive}s, send window {Window})")]
    private partial void LogConnected(string broker, string version, bool sessionPresent, int keepAlive, int window);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "MQTT {Kind}: {Message}")]
    private partial void LogProblem(MqttConnectionProblemKind kind, string message);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "MQTT reconnecting in {Delay} (attempt {Attempt})")]
    private partial void LogReconnectDelay(TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "MQTT event handler failed")]
    private partial void LogHandlerFailed(Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "MQTT offline queue full: dropped {Dropped} oldest message(s), {Total} in total")]
    private partial void LogQueueOverflow(int dropped, long total);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "MQTT PUBACK for unknown packet id {PacketId} ignored")]
    private partial void LogUnknownAck(ushort packetId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "MQTT connection ended by an unexpected error")]
    private partial void LogUnexpected(Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "MQTT resending {Count} unacknowledged message(s) from the queue")]
    private partial void LogResending(int count);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information,
        Message = "MQTT stopping with {Count} message(s) unacknowledged after {Seconds} s; they stay queued and are sent again after the next start")]
    private partial void LogStopWithUnacknowledged(int count, double seconds);
}
