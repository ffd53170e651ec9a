using System.Text.Json.Nodes;

namespace EdgeMx.Lab.Tests;

/// <summary>
/// board-configs/appliance/lab.json made to fit one test lab: the appliance's own files (control socket, event log,
/// offline queue) in <paramref name="directory"/>, and each tunnel's pskFile pointing at this lab's PSK files
/// (lab.json names the default lab's, /run/edgemx-lab/emx/hubN.psk; test labs have random prefixes). An optional
/// <c>edit</c> changes anything else (proposals, subnets, the peer, ...) before it is written.
/// </summary>
public static class LabConfigFile
{
    public static string Shipped => Path.Combine(RepoPaths.Root, "board-configs", "appliance", "lab.json");

    /// <summary>Writes the config into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(Lab lab, string directory, Action<JsonObject>? edit = null)
    {
        Directory.CreateDirectory(directory);
        var root = JsonNode.Parse(File.ReadAllText(Shipped))!.AsObject();
        root.Remove("$schema");
        root["controlSocket"]!["path"] = Path.Combine(directory, "control.sock");
        root["eventLog"]!["path"] = Path.Combine(directory, "events.jsonl");
        if (root["telemetry"]?["offlineQueue"] is JsonObject queue) queue["path"] = Path.Combine(directory, "mqtt-queue");
        foreach (var tunnel in root["tunnels"]?.AsArray() ?? [])
        {
            var psk = (string?)tunnel!["pskFile"];
            if (psk is not null) tunnel["pskFile"] = Path.Combine(lab.StateDir, Path.GetFileName(psk));
        }
        edit?.Invoke(root);
        var file = Path.Combine(directory, "edgemx.json");
        File.WriteAllText(file, root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return file;
    }
}
