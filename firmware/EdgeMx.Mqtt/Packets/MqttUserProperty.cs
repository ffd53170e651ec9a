namespace EdgeMx.Mqtt.Packets;

/// <summary>An MQTT 5.0 User Property (§3.3.2.3.7): a UTF-8 string pair; may repeat, order is kept.</summary>
public sealed record MqttUserProperty(string Name, string Value);
