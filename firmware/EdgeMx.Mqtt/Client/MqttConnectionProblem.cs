using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Client;

/// <summary>A problem with the broker connection, worded for the event log: what happened and what to check.</summary>
public sealed record MqttConnectionProblem(MqttConnectionProblemKind Kind, string Message, string Check)
{
    /// <summary>The MQTT reason code involved, if any (CONNACK, DISCONNECT, PUBACK, protocol error).</summary>
    public MqttReasonCode? ReasonCode { get; init; }
}
