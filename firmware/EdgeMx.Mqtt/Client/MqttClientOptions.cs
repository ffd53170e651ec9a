using System.Text;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Transport;

namespace EdgeMx.Mqtt.Client;

/// <summary>How the client reaches and talks to its broker. <see cref="ToString"/> never shows the password.</summary>
public sealed record MqttClientOptions
{
    public required string Host { get; init; }
    public int Port { get; init; } = 8883;
    public MqttTransportSecurity Security { get; init; } = MqttTransportSecurity.Tls;

    /// <summary>PEM file of the CA(s) the broker's certificate must chain to; null uses the system store.</summary>
    public string? CaFile { get; init; }
    public string? ClientCertificateFile { get; init; }
    public string? ClientKeyFile { get; init; }

    /// <summary>Name the broker's certificate must carry (and SNI); defaults to <see cref="Host"/>.</summary>
    public string? ServerName { get; init; }

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;
    public required string ClientId { get; init; }

    /// <summary>False keeps the broker-side session (subscriptions, queued QoS 1) across reconnects.</summary>
    public bool CleanStart { get; init; }

    /// <summary>v5 Session Expiry Interval; 3.1.1 sessions without clean start never expire.</summary>
    public uint SessionExpirySeconds { get; init; } = 3600;

    public string? UserName { get; init; }

    /// <summary>A secret: comes from a root-only file, never logged or printed.</summary>
    public byte[]? Password { get; init; }

    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>TCP + TLS + CONNACK must complete within this.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long SUBSCRIBE/UNSUBSCRIBE wait for their acknowledgement.</summary>
    public TimeSpan AcknowledgementTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public MqttWill? Will { get; init; }

    /// <summary>Largest packet we accept; announced to v5 brokers (Maximum Packet Size) and enforced on both versions.</summary>
    public int MaximumIncomingPacketSize { get; init; } = 1024 * 1024;

    /// <summary>QoS 1 messages sent but not yet acknowledged, at most (further capped by the broker's Receive Maximum).</summary>
    public int MaxInFlight { get; init; } = 16;

    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan ReconnectMaximumDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Volatile (not queued) messages waiting for a send slot, at most; older ones are dropped first.</summary>
    public int MaxPendingVolatile { get; init; } = 256;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Host = ").Append(Host).Append(", Port = ").Append(Port)
            .Append(", Security = ").Append(Security).Append(", ProtocolVersion = ").Append(ProtocolVersion)
            .Append(", ClientId = ").Append(ClientId).Append(", UserName = ").Append(UserName)
            .Append(", Password = ").Append(Password is null ? "(none)" : "***");
        return true;
    }
}
