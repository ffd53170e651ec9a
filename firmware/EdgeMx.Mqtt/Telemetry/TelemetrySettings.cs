using EdgeMx.Core.Configuration.Model;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Queue;
using EdgeMx.Mqtt.Transport;

namespace EdgeMx.Mqtt.Telemetry;

/// <summary>
/// Everything the telemetry publisher needs, derived from the validated `telemetry` and `device` sections. The
/// password is not here: it is read from <see cref="PasswordFile"/> when connecting, and kept only in memory.
/// </summary>
public sealed record TelemetrySettings
{
    public required string DeviceId { get; init; }
    public required MqttClientOptions Client { get; init; }
    public required MqttOfflineQueueOptions Queue { get; init; }
    public required TelemetryTopics Topics { get; init; }
    public string? PasswordFile { get; init; }
    public TimeSpan StateMinInterval { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(30);
    public uint? EventExpirySeconds { get; init; }
    public bool HomeAssistant { get; init; } = true;

    /// <summary>Where /proc and /sys are (tests point these elsewhere).</summary>
    public string ProcRoot { get; init; } = "/proc";
    public string SysRoot { get; init; } = "/sys";

    /// <summary>Null when the section is absent or disabled.</summary>
    public static TelemetrySettings? FromConfig(ApplianceConfig config)
    {
        if (config.Telemetry is not { Enabled: true } t) return null;
        var deviceId = config.Device.Id;
        var topics = new TelemetryTopics(t.TopicPrefix, deviceId, t.HomeAssistant.DiscoveryPrefix);
        var version = t.ProtocolVersion == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500;
        return new TelemetrySettings
        {
            DeviceId = deviceId,
            Topics = topics,
            PasswordFile = t.PasswordFile,
            StateMinInterval = TimeSpan.FromMilliseconds(t.StateMinIntervalMs),
            MetricsInterval = TimeSpan.FromMilliseconds(t.MetricsIntervalMs),
            EventExpirySeconds = t.EventExpirySeconds is { } e ? (uint)e : null,
            HomeAssistant = t.HomeAssistant.Enabled,
            Queue = new MqttOfflineQueueOptions
            {
                Directory = t.OfflineQueue.Path, MaxMessages = t.OfflineQueue.MaxMessages, MaxBytes = t.OfflineQueue.MaxBytes,
            },
            Client = new MqttClientOptions
            {
                Host = t.Broker.Host,
                Port = t.Broker.EffectivePort,
                Security = t.Broker.Transport == "tcp" ? MqttTransportSecurity.None : MqttTransportSecurity.Tls,
                CaFile = t.Broker.CaFile,
                ServerName = t.Broker.ServerName,
                ClientCertificateFile = t.Broker.ClientCertificateFile,
                ClientKeyFile = t.Broker.ClientKeyFile,
                ProtocolVersion = version,
                ClientId = t.ClientId ?? $"edgemx-{deviceId}",
                CleanStart = t.CleanStart,
                SessionExpirySeconds = (uint)Math.Clamp(t.SessionExpirySeconds, 0, uint.MaxValue),
                UserName = t.Username,
                KeepAlive = TimeSpan.FromSeconds(t.KeepAliveSeconds),
                MaxInFlight = t.MaxInFlight,
                MaximumIncomingPacketSize = t.MaxIncomingPacketBytes,
                ReconnectInitialDelay = TimeSpan.FromMilliseconds(t.Reconnect.InitialDelayMs),
                ReconnectMaximumDelay = TimeSpan.FromMilliseconds(t.Reconnect.MaxDelayMs),
                // §3.1.2.5: the broker publishes this when we vanish without a DISCONNECT (power cut, crash, lost path).
                Will = new MqttWill { Topic = topics.Availability, Payload = "offline"u8.ToArray(), Qos = MqttQos.AtLeastOnce, Retain = true },
            },
        };
    }
}
