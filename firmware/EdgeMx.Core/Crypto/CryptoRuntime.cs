using System.Collections.Immutable;
using EdgeMx.Core.Events;
using EdgeMx.Core.State;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Crypto.Selection;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Core.Crypto;

/// <summary>
/// Start-up crypto: runs every provider's known-answer self-test, selects the provider (board preference, fail
/// closed), probes kernel ESP offload, logs it all, raises a fault (event + snapshot, so the system LED blinks) for a
/// provider that failed, and publishes <see cref="ApplianceState.Crypto"/>. IKE and ESP take <see cref="Provider"/>.
/// </summary>
public sealed partial class CryptoRuntime(
    IReadOnlyList<ICryptoProvider> candidates,
    IKernelEspOffloadProbe kernelProbe,
    CryptoRuntimeOptions options,
    IApplianceStateStore store,
    IEventLog events,
    TimeProvider time,
    ILogger<CryptoRuntime> logger)
{
    private CryptoSelection? _selection;

    /// <summary>True once <see cref="Initialize"/> ran (the first service that needs crypto runs it).</summary>
    public bool IsInitialized => _selection is not null;

    public CryptoSelection Selection => _selection ?? throw new InvalidOperationException("crypto not initialised yet");

    /// <summary>The provider for IKE and ESP. Throws when every provider failed its self-test (fail closed).</summary>
    public ICryptoProvider Provider => Selection.Provider
        ?? throw new InvalidOperationException("no crypto provider passed its self-test; see the fault in status");

    public CryptoSelection Initialize()
    {
        var cpu = CpuCryptoFeatures.Detect();
        var kernel = options.KernelEspOffload
            ? kernelProbe.Probe()
            : new KernelEspOffload(false, "disabled in the board profile", []);
        var selection = CryptoProviderSelector.Select(options.Preference, candidates, cpu, kernel, options.DeclaredCapabilities);
        _selection = selection;

        LogCpu(cpu.ToString());
        foreach (var report in selection.SelfTests) LogSelfTest(report.ToString());
        foreach (var warning in selection.Warnings) LogWarning(warning);
        if (selection.Provider is { } chosen) LogSelected(chosen.Name, selection.Reason);
        else LogNone(selection.Reason);
        LogKernel(kernel.Available ? "available" : "absent", kernel.Summary, string.Join("; ", kernel.Evidence));

        var now = time.GetUtcNow();
        var faults = selection.Faults;
        if (selection.Provider is null) faults = faults.Add(selection.Reason);
        foreach (var fault in faults)
            events.Append(new EventDraft(EventSeverity.Critical, EventCategory.System, "system.crypto.self-test-failed", fault) { Subject = "crypto" });
        events.Append(new EventDraft(EventSeverity.Info, EventCategory.System, "system.crypto.selected",
            selection.Provider is { } p ? $"crypto provider {p.Name} ({selection.Reason}); kernel ESP offload {(kernel.Available ? "available" : "absent")}: {kernel.Summary}" : selection.Reason)
        { Subject = "crypto" });

        store.Update(s => s with
        {
            Crypto = new CryptoStatus
            {
                Provider = selection.Provider?.Name,
                Reason = selection.Reason,
                Providers = selection.SelfTests.Select(r => new CryptoProviderStatus
                {
                    Name = r.Provider,
                    SelfTestPassed = r.Passed,
                    Tests = r.Results.Length,
                    Failures = r.Failures.Select(f => $"{f.Algorithm.Name()}: {f.Failure}").ToImmutableArray(),
                }).ToImmutableArray(),
                Cpu = cpu.ToString(),
                AesGcmAccelerated = cpu.AesGcmAccelerated,
                KernelEspOffload = kernel.Available,
                KernelEspOffloadReason = kernel.Summary,
            },
            Faults = s.Faults.RemoveAll(f => f.Source == "crypto")
                .AddRange(faults.Select(f => new ApplianceFault { Source = "crypto", Message = f, Since = now })),
        });
        return selection;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "CPU crypto: {Cpu}")]
    private partial void LogCpu(string cpu);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "crypto self-test: {Report}")]
    private partial void LogSelfTest(string report);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "crypto provider: {Provider} ({Reason})")]
    private partial void LogSelected(string provider, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Critical, Message = "{Reason}")]
    private partial void LogNone(string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "kernel ESP offload: {Availability}, {Summary} [{Evidence}]")]
    private partial void LogKernel(string availability, string summary, string evidence);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "crypto: {Warning}")]
    private partial void LogWarning(string warning);
}
