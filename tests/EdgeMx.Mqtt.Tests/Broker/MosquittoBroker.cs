using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace EdgeMx.Mqtt.Tests.Broker;

/// <summary>
/// A real mosquitto on 127.0.0.1 with a random port and its own config, data and log under a temp directory.
/// Stopped with SIGTERM by its own PID (so it saves its persistence database, like a broker being restarted) and
/// started again on the same port.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private Process? _process;

    private MosquittoBroker(string dir, int port, MosquittoBrokerOptions options)
    {
        Directory = dir;
        Port = port;
        Options = options;
    }

    public string Directory { get; }
    public int Port { get; }
    public MosquittoBrokerOptions Options { get; }
    public TestCertificates? Certificates { get; private set; }
    public string LogFile => Path.Combine(Directory, "mosquitto.log");
    public bool Running => _process is { HasExited: false };

    public static async Task<MosquittoBroker> StartAsync(MosquittoBrokerOptions? options = null)
    {
        options ??= new MosquittoBrokerOptions();
        var dir = Path.Combine(Path.GetTempPath(), "edgemx-mqtt-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "data"));
        var broker = new MosquittoBroker(dir, ProcessRunner.FreeTcpPort(), options);
        if (options.Tls) broker.Certificates = TestCertificates.Create(Path.Combine(dir, "pki"));
        if (options.Users.Count > 0)
        {
            var passwd = Path.Combine(dir, "passwd");
            foreach (var (user, password) in options.Users)
            {
                if (File.Exists(passwd)) ProcessRunner.Run("mosquitto_passwd", "-b", passwd, user, password);
                else ProcessRunner.Run("mosquitto_passwd", "-c", "-b", passwd, user, password);
            }
        }
        broker.WriteConfig();
        await broker.StartAgainAsync();
        return broker;
    }

    private void WriteConfig()
    {
        var c = new StringBuilder();
        c.AppendLine("user root"); // the tests run as root; mosquitto would otherwise drop to 'mosquitto' and lose its files
        c.AppendLine($"pid_file {Path.Combine(Directory, "mosquitto.pid")}");
        c.AppendLine($"persistence {(Options.Persistence ? "true" : "false")}");
        c.AppendLine($"persistence_location {Path.Combine(Directory, "data")}/");
        c.AppendLine($"log_dest file {LogFile}");
        c.AppendLine("log_type all");
        c.AppendLine("log_timestamp_format %H:%M:%S");
        c.AppendLine("max_queued_messages 100000");
        c.AppendLine($"listener {Port} 127.0.0.1");
        c.AppendLine($"allow_anonymous {(Options.Users.Count == 0 ? "true" : "false")}");
        if (Options.Users.Count > 0) c.AppendLine($"password_file {Path.Combine(Directory, "passwd")}");
        if (Certificates is { } pki)
        {
            c.AppendLine($"cafile {pki.CaFile}");
            c.AppendLine($"certfile {pki.ServerCertificateFile}");
            c.AppendLine($"keyfile {pki.ServerKeyFile}");
            c.AppendLine($"require_certificate {(Options.RequireClientCertificate ? "true" : "false")}");
        }
        File.WriteAllText(Path.Combine(Directory, "mosquitto.conf"), c.ToString());
    }

    public async Task StartAgainAsync()
    {
        if (Running) return;
        var info = new ProcessStartInfo("mosquitto") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Path.Combine(Directory, "mosquitto.conf"));
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"mosquitto exited {_process.ExitCode}: {Log()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>SIGTERM to our mosquitto's PID, then wait for it to exit (it saves its database first).</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } p) return;
        Signal(p.Id, 15);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await p.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
        _process?.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static void Signal(int pid, int signal) => kill(pid, signal);
}

public sealed record MosquittoBrokerOptions
{
    public bool Tls { get; init; }
    public bool RequireClientCertificate { get; init; }
    public bool Persistence { get; init; } = true;
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();
}
