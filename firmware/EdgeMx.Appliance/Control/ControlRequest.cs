using System.Text.Json.Serialization;

namespace EdgeMx.Appliance.Control;

/// <summary>
/// One request on the control socket: a JSON object on one line. <see cref="Type"/> says which; the other members
/// belong to particular types and are refused elsewhere (so a typo is an error, not silently ignored).
/// <code>
/// {"type":"status"}                      {"type":"status","watch":true}
/// {"type":"events","max":50}             {"type":"events","since":"2026-01-01T10:00:00Z","follow":true}
/// {"type":"validate","path":"/etc/edgemx/edgemx.json"}
/// {"type":"reload"}
/// </code>
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ControlRequest
{
    public const string Status = "status";
    public const string Events = "events";
    public const string Validate = "validate";
    public const string Reload = "reload";
    public static readonly string[] Types = [Status, Events, Validate, Reload];

    public string? Type { get; init; }

    /// <summary>status: keep the connection and send a new snapshot on every change.</summary>
    public bool? Watch { get; init; }

    /// <summary>events: only entries with a sequence number above this.</summary>
    public long? After { get; init; }

    /// <summary>events: only entries at or after this time (ISO 8601).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>events: at most this many (the newest), 1–10000; default 100.</summary>
    public int? Max { get; init; }

    /// <summary>events: after the backlog, keep streaming new entries.</summary>
    public bool? Follow { get; init; }

    /// <summary>validate: the configuration file to check, as the appliance sees it.</summary>
    public string? Path { get; init; }
}
