namespace EdgeMx.Mqtt.Packets;

/// <summary>Retain Handling subscription option (MQTT 5.0 §3.8.3.1); 3 is a protocol error.</summary>
public enum MqttRetainHandling : byte
{
    SendAtSubscribe = 0,
    SendAtSubscribeIfNew = 1,
    DoNotSend = 2,
}
