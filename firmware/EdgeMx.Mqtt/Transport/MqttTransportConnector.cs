using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeMx.Core.IO;
using EdgeMx.Mqtt.Client;

namespace EdgeMx.Mqtt.Transport;

/// <summary>
/// Opens the byte stream to the broker: name resolution, TCP (each resolved address in turn), then TLS when
/// configured. Every failure becomes an <see cref="MqttConnectException"/> carrying a problem an operator can act on.
/// </summary>
public static class MqttTransportConnector
{
    public static async Task<Stream> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        var endpoint = $"{options.Host}:{options.Port}";
        IPAddress[] addresses;
        if (IPAddress.TryParse(options.Host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(options.Host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new MqttConnectException(MqttConnectionProblemKind.NameResolution,
                    $"cannot resolve the broker name '{options.Host}': {e.Message}",
                    "check the broker host name in the telemetry config and the DNS servers of the active uplink");
            }
        }

        Socket? socket = null;
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var attempt = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await attempt.ConnectAsync(new IPEndPoint(address, options.Port), cancellationToken).ConfigureAwait(false);
                socket = attempt;
                break;
            }
            catch (SocketException e)
            {
                attempt.Dispose();
                last = e;
            }
            catch
            {
                attempt.Dispose();
                throw;
            }
        }
        if (socket is null)
        {
            throw new MqttConnectException(MqttConnectionProblemKind.Unreachable,
                $"cannot connect to the broker at {endpoint}: {last?.SocketErrorCode.ToString() ?? "no address"} ({last?.Message})",
                "check that the broker is running and listening on that port, and that no firewall blocks it on the active uplink");
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        if (options.Security == MqttTransportSecurity.None) return network;
        try
        {
            return await AuthenticateAsync(network, options, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await network.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A CA bundle or a certificate with its chain is tens of KiB; the system bundle is about 200 KiB.</summary>
    private const int MaxPemBytes = 1024 * 1024;

    private static async Task<Stream> AuthenticateAsync(NetworkStream network, MqttClientOptions options, CancellationToken cancellationToken)
    {
        var serverName = options.ServerName ?? options.Host;
        X509Certificate2Collection? roots = null;
        X509Certificate2Collection? clientCertificates = null;
        try
        {
            // Bounded reads of regular files only: a file replaced by a FIFO or a device since the configuration was
            // checked must not hang or exhaust the connection attempt.
            if (options.CaFile is { } caFile)
            {
                roots = new X509Certificate2Collection();
                roots.ImportFromPem(BoundedFile.ReadAllText(caFile, MaxPemBytes));
                if (roots.Count == 0) throw new CryptographicException("no certificate in the file");
            }
            if (options.ClientCertificateFile is { } certFile)
            {
                var certificate = X509Certificate2.CreateFromPem(BoundedFile.ReadAllText(certFile, MaxPemBytes),
                    BoundedFile.ReadAllText(options.ClientKeyFile ?? certFile, MaxPemBytes));
                clientCertificates = [certificate];
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new MqttConnectException(MqttConnectionProblemKind.Configuration,
                $"cannot load the TLS files: {e.Message}",
                "check telemetry.broker.caFile / clientCertificateFile / clientKeyFile: readable PEM files (key unencrypted, mode 0600)");
        }

        var validator = new MqttServerCertificateValidator(roots, serverName);
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = serverName,
                ClientCertificates = clientCertificates,
                RemoteCertificateValidationCallback = validator.Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            if (validator.Failure is { } why)
            {
                throw new MqttConnectException(MqttConnectionProblemKind.TlsCertificate, $"TLS with {options.Host}:{options.Port} refused: {why}",
                    "check that telemetry.broker.caFile holds the CA that signed the broker's certificate, that the certificate is " +
                    "within its validity dates (and the appliance clock is right), and that serverName matches the certificate");
            }
            throw new MqttConnectException(MqttConnectionProblemKind.TlsHandshake, $"TLS handshake with {options.Host}:{options.Port} failed: {e.Message}",
                "check that the broker port speaks TLS (8883 usually; 1883 is plain), and whether it requires a client certificate");
        }
    }
}
