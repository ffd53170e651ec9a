namespace EdgeMx.Core.Configuration.Model;

/// <summary>
/// The `telemetry` section as written (`board-configs/schema/telemetry.schema.json`). Defaults here are the
/// documented ones; EdgeMx.Mqtt turns this into client and publisher settings.
/// </summary>
public sealed record TelemetryConfig
{
    public const string DefaultQueuePath = "/var/lib/edgemx/mqtt";

    public bool Enabled { get; set; } = true;
    public TelemetryBrokerConfig Broker { get; set; } = new();

    /// <summary>"5.0" or "3.1.1".</summary>
    public string ProtocolVersion { get; set; } = "5.0";

    /// <summary>Null: "edgemx-" + the device id.</summary>
    public string? ClientId { get; set; }
    public string? Username { get; set; }

    /// <summary>Root-only file whose first line is the password; the password itself never appears in the config.</summary>
    public string? PasswordFile { get; set; }
    public int KeepAliveSeconds { get; set; } = 30;
    public bool CleanStart { get; set; }
    public long SessionExpirySeconds { get; set; } = 3600;
    public string TopicPrefix { get; set; } = "edgemx";
    public int StateMinIntervalMs { get; set; } = 2000;
    public int MetricsIntervalMs { get; set; } = 30000;
    public int? EventExpirySeconds { get; set; }
    public int MaxInFlight { get; set; } = 16;
    public int MaxIncomingPacketBytes { get; set; } = 1024 * 1024;
    public TelemetryReconnectConfig Reconnect { get; set; } = new();
    public TelemetryQueueConfig OfflineQueue { get; set; } = new();
    public HomeAssistantConfig HomeAssistant { get; set; } = new();
}

public sealed record TelemetryBrokerConfig
{
    public string Host { get; set; } = "";

    /// <summary>Null: 8883 with TLS, 1883 with plain TCP.</summary>
    public int? Port { get; set; }

    /// <summary>"tls" or "tcp".</summary>
    public string Transport { get; set; } = "tls";
    public string? CaFile { get; set; }
    public string? ServerName { get; set; }
    public string? ClientCertificateFile { get; set; }
    public string? ClientKeyFile { get; set; }

    public int EffectivePort => Port ?? (Transport == "tcp" ? 1883 : 8883);
}

public sealed record TelemetryReconnectConfig
{
    public int InitialDelayMs { get; set; } = 1000;
    public int MaxDelayMs { get; set; } = 60000;
}

public sealed record TelemetryQueueConfig
{
    public string Path { get; set; } = TelemetryConfig.DefaultQueuePath;
    public int MaxMessages { get; set; } = 10_000;
    public long MaxBytes { get; set; } = 8 * 1024 * 1024;
}

public sealed record HomeAssistantConfig
{
    public bool Enabled { get; set; } = true;
    public string DiscoveryPrefix { get; set; } = "homeassistant";
}
