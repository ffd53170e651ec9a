using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EdgeMx.Mqtt.Transport;

/// <summary>
/// Verifies the broker's certificate: chained to the configured CA file only (not the system store) when one is
/// given, otherwise to the system store; the name must match the configured server name; revocation is not
/// checked (appliances rarely reach CRL/OCSP endpoints). Remembers why it refused, for the operator.
/// </summary>
public sealed class MqttServerCertificateValidator(X509Certificate2Collection? trustedRoots, string expectedName)
{
    public string? Failure { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            return Refuse("the broker presented no certificate");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return Refuse($"the broker's certificate ({certificate.Subject}) is not valid for the name '{expectedName}'");
        if (trustedRoots is null)
        {
            return errors == SslPolicyErrors.None
                || Refuse($"the broker's certificate is not trusted by the system store: {Describe(chain)}");
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the broker sent along.
            foreach (var element in chain.ChainElements)
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return custom.Build(leaf)
            || Refuse($"the broker's certificate ({leaf.Subject}) does not chain to the configured CA: {Describe(custom)}");
    }

    private bool Refuse(string why)
    {
        Failure = why;
        return false;
    }

    private static string Describe(X509Chain? chain) =>
        chain is null || chain.ChainStatus.Length == 0
            ? "no chain"
            : string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status} ({s.StatusInformation.Trim()})"));
}
