using EdgeMx.Core.IO;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>
/// What the telemetry schema cannot say: the credential and TLS files exist and secrets are root-only, certificate
/// and key come as a pair, a 3.1.1 password needs a user name, plain TCP carries no TLS settings (and a password in
/// clear text is worth a warning), timers make sense together, the queue is not another file the appliance writes.
/// </summary>
public sealed class TelemetryCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        if (config.Telemetry is not { } t) return;
        var broker = t.Broker;
        var tls = broker.Transport != "tcp";

        if (broker.CaFile is { } ca) CheckReadable(context, "$.telemetry.broker.caFile", ca);
        if (broker.ClientCertificateFile is { } cert) CheckReadable(context, "$.telemetry.broker.clientCertificateFile", cert);
        if (broker.ClientKeyFile is { } key) context.CheckSecretFile("$.telemetry.broker.clientKeyFile", key);
        if ((broker.ClientCertificateFile is null) != (broker.ClientKeyFile is null))
        {
            context.Error(broker.ClientKeyFile is null ? "$.telemetry.broker.clientCertificateFile" : "$.telemetry.broker.clientKeyFile",
                "a client certificate needs its key and a key its certificate: set both clientCertificateFile and clientKeyFile");
        }
        if (!tls && (broker.CaFile ?? broker.ServerName ?? broker.ClientCertificateFile ?? broker.ClientKeyFile) is not null)
            context.Error("$.telemetry.broker.transport", "is \"tcp\" (no TLS) but TLS settings are given; set \"tls\" or remove them");

        if (t.PasswordFile is { } password)
        {
            context.CheckSecretFile("$.telemetry.passwordFile", password);
            if (t.Username is null && t.ProtocolVersion == "3.1.1")
                context.Error("$.telemetry.passwordFile", "MQTT 3.1.1 sends a password only with a user name: set telemetry.username");
            if (!tls)
                context.Warning("$.telemetry.passwordFile", "the password goes to the broker unencrypted over plain TCP; use transport \"tls\"");
        }

        if (t.Reconnect.InitialDelayMs > t.Reconnect.MaxDelayMs)
            context.Error("$.telemetry.reconnect.initialDelayMs", $"is {t.Reconnect.InitialDelayMs} ms, longer than maxDelayMs ({t.Reconnect.MaxDelayMs} ms)");
        if (t.StateMinIntervalMs > t.MetricsIntervalMs)
            context.Warning("$.telemetry.stateMinIntervalMs", "is longer than metricsIntervalMs: state changes would be reported more slowly than metrics");

        var queue = context.ResolvePath(t.OfflineQueue.Path);
        if (queue == context.ResolvePath(config.EventLog.Path) || queue == context.ResolvePath(config.ControlSocket.Path))
            context.Error("$.telemetry.offlineQueue.path", "is a file the appliance already uses (event log or control socket); give the queue its own directory");
        else if (File.Exists(queue))
            context.Error("$.telemetry.offlineQueue.path", $"{queue} is a file; the offline queue needs a directory");
    }

    private static void CheckReadable(ConfigCheckContext context, string path, string file)
    {
        var full = context.ResolvePath(file);
        try
        {
            if (!File.Exists(full))
            {
                context.Error(path, $"file {full} does not exist");
                return;
            }
            if (FileKinds.Of(full) is not (FileKind.Regular or FileKind.Missing) and var kind)
            {
                context.Error(path, $"file {full} is {FileKinds.Describe(kind)}, not a regular file");
                return;
            }
            using (File.OpenRead(full)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Error(path, $"file {full} cannot be read: {e.Message}");
        }
    }
}
