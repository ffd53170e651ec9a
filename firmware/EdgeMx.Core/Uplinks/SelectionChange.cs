using System.Text.Json.Serialization;

namespace EdgeMx.Core.Uplinks;

/// <summary>What kind of move the selector made.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SelectionChangeKind>))]
public enum SelectionChangeKind
{
    /// <summary>The first choice after start.</summary>
    [JsonStringEnumMemberName("initial")] Initial,
    /// <summary>Away from the primary, because it failed (or degraded, if configured).</summary>
    [JsonStringEnumMemberName("failover")] Failover,
    /// <summary>Back to the primary after it was healthy for the hold time.</summary>
    [JsonStringEnumMemberName("failback")] Failback,
    /// <summary>Between standbys, or to the primary without hold because the active standby failed too.</summary>
    [JsonStringEnumMemberName("switch")] Switch,
    /// <summary>No uplink is usable; the default route stays where it was as a last resort.</summary>
    [JsonStringEnumMemberName("none-usable")] NoneUsable,
}

/// <summary>A decision of the <see cref="UplinkSelector"/>: move the default route from <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record SelectionChange(SelectionChangeKind Kind, string? From, string? To, string Reason)
{
    /// <summary>For a failback: how long the primary had been healthy.</summary>
    public TimeSpan? PrimaryStableFor { get; init; }
}
