namespace EdgeMx.Mqtt.Telemetry.HomeAssistant;

/// <summary>
/// One discovery config document (Home Assistant "MQTT discovery"): the fields sensors, binary sensors and buttons
/// use. Serialised snake_case, absent fields left out.
/// </summary>
public sealed record HomeAssistantEntity
{
    public required string Name { get; init; }
    public required string UniqueId { get; init; }
    public required HomeAssistantDevice Device { get; init; }
    public required string AvailabilityTopic { get; init; }
    public string PayloadAvailable { get; init; } = "online";
    public string PayloadNotAvailable { get; init; } = "offline";
    public string? StateTopic { get; init; }
    public string? ValueTemplate { get; init; }
    public string? CommandTopic { get; init; }
    public string? PayloadPress { get; init; }
    public string? PayloadOn { get; init; }
    public string? PayloadOff { get; init; }
    public string? DeviceClass { get; init; }
    public string? StateClass { get; init; }
    public string? UnitOfMeasurement { get; init; }
    public string? EntityCategory { get; init; }
    public string? Icon { get; init; }

    /// <summary>Seconds after which a metric not refreshed shows as unavailable.</summary>
    public int? ExpireAfter { get; init; }
}
