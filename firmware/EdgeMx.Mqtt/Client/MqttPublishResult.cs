using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Client;

public readonly record struct MqttPublishResult(MqttPublishOutcome Outcome, MqttReasonCode ReasonCode = MqttReasonCode.Success, string? Detail = null)
{
    public bool Succeeded => Outcome is MqttPublishOutcome.Delivered or MqttPublishOutcome.Queued;
}
