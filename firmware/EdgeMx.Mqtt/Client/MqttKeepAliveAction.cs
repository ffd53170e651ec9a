namespace EdgeMx.Mqtt.Client;

/// <summary>What the connection must do now, as decided by <see cref="MqttKeepAlive"/>.</summary>
public enum MqttKeepAliveAction
{
    None,
    SendPing,

    /// <summary>The broker has not answered a PINGREQ in time: the connection is dead (half-open TCP, lost path).</summary>
    TimedOut,
}
