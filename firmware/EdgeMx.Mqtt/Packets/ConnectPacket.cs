using System.Text;

namespace EdgeMx.Mqtt.Packets;

/// <summary>CONNECT (MQTT 3.1.1 §3.1, MQTT 5.0 §3.1). <see cref="ToString"/> never shows the password.</summary>
public sealed record ConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>Empty is allowed only with <see cref="CleanStart"/> (the broker then assigns one in v5).</summary>
    public string ClientId { get; init; } = "";

    /// <summary>Clean Session (3.1.1) / Clean Start (5.0).</summary>
    public bool CleanStart { get; init; } = true;

    public ushort KeepAliveSeconds { get; init; }
    public string? UserName { get; init; }

    /// <summary>Binary data on the wire; a secret: never logged, never printed.</summary>
    public byte[]? Password { get; init; }
    public MqttWill? Will { get; init; }
    public MqttProperties Properties { get; init; } = MqttProperties.Empty;

    protected override bool PrintMembers(StringBuilder builder)
    {
        builder.Append("ProtocolVersion = ").Append(ProtocolVersion)
            .Append(", ClientId = ").Append(ClientId)
            .Append(", CleanStart = ").Append(CleanStart)
            .Append(", KeepAliveSeconds = ").Append(KeepAliveSeconds)
            .Append(", UserName = ").Append(UserName)
            .Append(", Password = ").Append(Password is null ? "(none)" : "***")
            .Append(", Will = ").Append(Will?.Topic);
        return true;
    }
}
