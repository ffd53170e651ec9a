namespace EdgeMx.Core.Configuration.Model;

public sealed partial class ApplianceConfig
{
    /// <summary>MQTT telemetry (`telemetry.schema.json`); null when the section is absent (no telemetry).</summary>
    public TelemetryConfig? Telemetry { get; set; }
}
