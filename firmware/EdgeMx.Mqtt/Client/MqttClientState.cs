namespace EdgeMx.Mqtt.Client;

public enum MqttClientState
{
    Stopped,
    Connecting,
    Connected,

    /// <summary>Waiting out the back-off before the next attempt.</summary>
    WaitingToReconnect,
}
