using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace EdgeMx.Lab.Tests.Telemetry;

/// <summary>
/// board-configs/appliance/lab.json as shipped (broker 203.0.113.100:1883, device "lab-branch"), with only the
/// appliance's own files moved into a fresh directory under the lab's state dir, so each test starts with an empty
/// event log and offline queue, and optionally a faster reconnect.
/// </summary>
public sealed class TelemetryLabConfig
{
    public const string DeviceId = "lab-branch";
    public const string Base = $"edgemx/{DeviceId}";
    public const string Availability = $"{Base}/availability";
    public const string State = $"{Base}/state";
    public const string Events = $"{Base}/events";
    public const string Metrics = $"{Base}/metrics";

    private TelemetryLabConfig(string dir, string file)
    {
        Directory = dir;
        File = file;
    }

    public string Directory { get; }
    public string File { get; }

    public static TelemetryLabConfig Write(Lab lab, int? reconnectMaxDelayMs = null)
    {
        var dir = Path.Combine(lab.StateDir, "telemetry-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)));
        System.IO.Directory.CreateDirectory(dir);
        var root = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, "board-configs", "appliance", "lab.json")))!.AsObject();
        root.Remove("$schema");
        root["controlSocket"]!["path"] = Path.Combine(dir, "control.sock");
        root["eventLog"]!["path"] = Path.Combine(dir, "events.jsonl");
        // Each tunnel's PSK file is this lab's (lab.json names the default lab's; test labs have random prefixes).
        foreach (var tunnel in root["tunnels"]?.AsArray() ?? [])
        {
            var psk = (string?)tunnel!["pskFile"];
            if (psk is not null) tunnel["pskFile"] = Path.Combine(lab.StateDir, Path.GetFileName(psk));
        }
        var telemetry = root["telemetry"]!.AsObject();
        Assert.Equal("203.0.113.100", (string?)telemetry["broker"]!["host"]);
        Assert.Equal(1883, (int?)telemetry["broker"]!["port"]);
        telemetry["offlineQueue"]!["path"] = Path.Combine(dir, "mqtt-queue");
        if (reconnectMaxDelayMs is { } max)
            telemetry["reconnect"] = new JsonObject { ["initialDelayMs"] = 200, ["maxDelayMs"] = max };
        var file = Path.Combine(dir, "edgemx.json");
        System.IO.File.WriteAllText(file, root.ToJsonString());
        return new TelemetryLabConfig(dir, file);
    }
}
