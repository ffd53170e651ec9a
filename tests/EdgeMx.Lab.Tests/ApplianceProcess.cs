namespace EdgeMx.Lab.Tests;

/// <summary>
/// The built appliance (`edgemx.dll`, copied into the test output by the project reference) running in $P-app as
/// <c>dotnet edgemx.dll run --config FILE</c>. Only that command line is assumed. Output goes to a log file under
/// artifacts/lab-logs/PREFIX/ (kept after the lab is gone); SIGTERM stops it, SIGKILL kills it, SIGHUP reloads.
/// </summary>
public sealed class ApplianceProcess : IAsyncDisposable
{
    private static int _sequence;

    private ApplianceProcess(NamespaceProcess process) => Process = process;

    /// <summary>The underlying process (signals, log, exit code).</summary>
    public NamespaceProcess Process { get; }

    /// <summary>edgemx.dll next to the test assembly.</summary>
    public static string EdgemxDll => Path.Combine(AppContext.BaseDirectory, "edgemx.dll");

    /// <summary>The dotnet host running this test (so the appliance runs on the same runtime).</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    public int Pid => Process.Pid;
    public string LogPath => Process.LogPath;
    public bool HasExited => Process.HasExited;
    public int? ExitCode => Process.ExitCode;

    /// <summary>Starts <c>edgemx run --config <paramref name="configFile"/></c> (plus any extra arguments) in $P-app.</summary>
    public static ApplianceProcess Start(Lab lab, string configFile, IReadOnlyList<string>? extraArguments = null,
        string? logPath = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(EdgemxDll)) throw new FileNotFoundException("edgemx.dll is not in the test output (build the solution)", EdgemxDll);
        logPath ??= Path.Combine(RepoPaths.LogDir(lab.Prefix), $"edgemx-{Interlocked.Increment(ref _sequence)}.log");
        var env = new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        if (environment is not null)
            foreach (var (key, value) in environment) env[key] = value;
        return new ApplianceProcess(NamespaceProcess.Start(lab, "app",
            [DotnetHost, EdgemxDll, "run", "--config", Path.GetFullPath(configFile), .. extraArguments ?? []], logPath, env));
    }

    public string ReadLog() => Process.ReadLog();

    /// <summary>SIGTERM (clean shutdown), SIGKILL after <paramref name="grace"/>; returns the exit code.</summary>
    public Task<int> StopAsync(TimeSpan? grace = null) => Process.StopAsync(grace);

    /// <summary>SIGKILL: the appliance gets no chance to clean up (for restart tests).</summary>
    public Task<int> KillAsync() => Process.KillAsync();

    /// <summary>SIGHUP: reload the configuration.</summary>
    public bool Reload() => Process.Hangup();

    public Task<int> WaitForExitAsync(TimeSpan deadline) => Process.WaitForExitAsync(deadline);

    public Task<TimeSpan> WaitForLogAsync(string text, TimeSpan deadline) => Process.WaitForLogAsync(text, deadline);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
