using System.Text.Json;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Hosting;

/// <summary>
/// The running configuration and its reload (SIGHUP or the control socket): a new file is validated completely
/// first; if it has errors the appliance keeps running the old one and the report becomes an event.
/// </summary>
public sealed partial class ConfigService(string path, ConfigLoadResult initial, ConfigLoader loader, UplinkController uplinks, IEventLog events,
    IApplianceStateStore state, TimeProvider time, ILogger<ConfigService> logger)
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private ConfigLoadResult _current = initial;
    private int _generation = 1;

    public string Path { get; } = path;
    public ConfigLoadResult Current => Volatile.Read(ref _current);
    public ApplianceConfig Config => Current.Config!;

    /// <summary>Checks a file as this appliance would load it (its interfaces, its filesystem); changes nothing.</summary>
    public ConfigLoadResult Validate(string file) => loader.LoadFile(file);

    /// <summary>Publishes the initial configuration's summary in the state.</summary>
    public void PublishInitial() => PublishSummary(Current, 1);

    public async Task<(bool Applied, ConfigLoadResult Result)> ReloadAsync(string trigger, CancellationToken cancellationToken)
    {
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = loader.LoadFile(Path);
            if (!result.IsValid)
            {
                LogRejected(logger, Path, result.ErrorCount);
                events.Append(new EventDraft(EventSeverity.Error, EventCategory.System, "system.config.rejected",
                    $"Reload ({trigger}) rejected: {Path} has {result.ErrorCount} error(s); the previous configuration keeps running. "
                    + string.Join(" | ", result.Problems.Where(p => p.Severity == ConfigProblemSeverity.Error).Take(5).Select(p => $"{p.Path}: {p.Message}"))
                    + (result.ErrorCount > 5 ? " | …" : ""))
                {
                    Check = $"Run `edgemx config validate {Path}` for the full report, fix the file, then reload again (kill -HUP or `edgemx config reload`).",
                    Subject = "config",
                    Details = result.Problems.Take(EventLog.MaxDetails)
                        .Select((p, i) => (Key: $"problem{i + 1}", Value: $"{p.Severity.ToString().ToLowerInvariant()} {p.Path}: {p.Message}"))
                        .ToDictionary(p => p.Key, p => p.Value),
                });
                return (false, result);
            }

            var previous = Config;
            var changed = ChangedSections(previous, result.Config!);
            var needRestart = NeedRestart(previous, result.Config!, changed);
            Volatile.Write(ref _current, result);
            var generation = Interlocked.Increment(ref _generation);
            uplinks.Configure(result.Config!);
            PublishSummary(result, generation);
            LogReloaded(logger, Path, string.Join(", ", changed));
            events.Append(new EventDraft(EventSeverity.Notice, EventCategory.System, "system.config.reloaded",
                $"Reload ({trigger}): {Path} applied (configuration #{generation}); "
                + (changed.Count == 0 ? "nothing changed." : $"changed: {string.Join(", ", changed)}.")
                + (result.WarningCount > 0 ? $" {result.WarningCount} warning(s): " + string.Join(" | ", result.Problems.Select(p => $"{p.Path}: {p.Message}")) : ""))
            {
                Check = needRestart.Count > 0 ? $"{string.Join(" and ", needRestart)} take effect only after a restart of the appliance." : null,
                Subject = "config",
                Details = new Dictionary<string, string> { ["sha256"] = result.Sha256 ?? "", ["generation"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
            return (true, result);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>
    /// Changed sections a reload cannot apply to the running appliance: the uplinks, monitoring, selection and tunnels
    /// are reconfigured live; these are read once at start (the socket and journal paths, the MQTT client, the board's
    /// LED panel and crypto providers, the LAN address the data plane sources its traffic from, the device id that
    /// names the state, the event topics and the MQTT client id).
    /// </summary>
    internal static List<string> NeedRestart(ApplianceConfig previous, ApplianceConfig next, IReadOnlyList<string> changed)
    {
        var restart = changed.Where(s => s is "controlSocket" or "eventLog" or "telemetry" or "board" or "lan").ToList();
        if (previous.Device.Id != next.Device.Id) restart.Add("device.id");
        return restart;
    }

    private void PublishSummary(ConfigLoadResult result, int generation) =>
        state.Update(s => s with
        {
            Config = new ConfigSummary { File = Path, LoadedAt = time.GetUtcNow(), Sha256 = result.Sha256 ?? "", Generation = generation },
        });

    // Which top-level sections differ, by comparing their JSON.
    private static List<string> ChangedSections(ApplianceConfig a, ApplianceConfig b)
    {
        using var left = JsonDocument.Parse(JsonSerializer.Serialize(a, ConfigJsonContext.Default.ApplianceConfig));
        using var right = JsonDocument.Parse(JsonSerializer.Serialize(b, ConfigJsonContext.Default.ApplianceConfig));
        var names = left.RootElement.EnumerateObject().Select(p => p.Name).Union(right.RootElement.EnumerateObject().Select(p => p.Name)).Where(n => n != "$schema");
        return names.Where(n =>
        {
            var hasL = left.RootElement.TryGetProperty(n, out var l);
            var hasR = right.RootElement.TryGetProperty(n, out var r);
            return hasL != hasR || (hasL && !JsonElement.DeepEquals(l, r));
        }).ToList();
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "config reload: {Path} rejected with {Errors} error(s); keeping the running configuration")]
    private static partial void LogRejected(ILogger logger, string path, int errors);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "config reload: {Path} applied; changed sections: {Sections}")]
    private static partial void LogReloaded(ILogger logger, string path, string sections);
}
