using System.Text.Json.Serialization;

namespace EdgeMx.Core.Configuration.Model;

/// <summary>
/// The appliance configuration document (`board-configs/schema/edgemx.schema.json`). Each top-level section is a
/// property; other subsystems add theirs in their own partial file (ApplianceConfig.Tunnels.cs, …) next to their
/// schema file. Values are validated by the schema and <see cref="ConfigValidator"/> before anything uses them, so
/// the model only carries defaults.
/// </summary>
public sealed partial class ApplianceConfig
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public DeviceConfig Device { get; set; } = new();
    public List<LanConfig> Lan { get; set; } = [];
    public List<UplinkConfig> Uplinks { get; set; } = [];
    public UplinkSelectionConfig UplinkSelection { get; set; } = new();
    public MonitoringConfig Monitoring { get; set; } = new();
    public ControlSocketConfig ControlSocket { get; set; } = new();
    public EventLogConfig EventLog { get; set; } = new();
}
