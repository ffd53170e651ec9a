namespace EdgeMx.Mqtt.Client;

/// <param name="Action">What to do now.</param>
/// <param name="NextCheck">When to ask again (after doing <paramref name="Action"/>); infinite when keep-alive is off.</param>
public readonly record struct MqttKeepAliveDecision(MqttKeepAliveAction Action, TimeSpan NextCheck);
