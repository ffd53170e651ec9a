namespace EdgeMx.Mqtt.Telemetry.HomeAssistant;

/// <summary>The <c>device</c> block shared by every entity, so Home Assistant groups them under one device.</summary>
public sealed record HomeAssistantDevice
{
    public required string[] Identifiers { get; init; }
    public required string Name { get; init; }
    public string Manufacturer { get; init; } = "EdgeMx";
    public string Model { get; init; } = "EdgeMx SD-WAN edge appliance";
    public string? SwVersion { get; init; }
    public string? SuggestedArea { get; init; }
}
