using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// Parses proposals written in strongSwan's syntax (swanctl.conf "proposals" / "esp_proposals"): algorithms joined
/// by '-', several proposals separated by ','. The rules follow strongSwan's proposal parser so that a string copied
/// from a hub's config means the same thing here:
/// <list type="bullet">
/// <item>IKE without an explicit PRF takes the PRFs matching its integrity algorithms ("aes128-sha256-modp2048"
///   offers PRF_HMAC_SHA2_256);</item>
/// <item>AEAD ciphers carry no integrity algorithm; a proposal mixing AEAD and classic ciphers is split in two;</item>
/// <item>IKE needs a key exchange method; in ESP one is PFS (optional);</item>
/// <item>ESP without "esn"/"noesn" means no ESN.</item>
/// </list>
/// </summary>
public static class ProposalParser
{
    /// <summary>Parses a comma-separated list; throws <see cref="FormatException"/> naming the offending keyword.</summary>
    public static IReadOnlyList<CryptoProposal> ParseList(ProtocolId protocol, string text)
    {
        var result = new List<CryptoProposal>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            result.AddRange(Parse(protocol, part));
        if (result.Count == 0) throw new FormatException("no proposal given");
        return result;
    }

    /// <summary>Parses one proposal (it may split into two when AEAD and classic ciphers are mixed).</summary>
    public static IReadOnlyList<CryptoProposal> Parse(ProtocolId protocol, string text)
    {
        if (protocol is not (ProtocolId.Ike or ProtocolId.Esp))
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "only IKE and ESP proposals are supported");
        var encryption = new List<EncryptionTransform>();
        var prf = new List<PrfTransform>();
        var integrity = new List<IntegrityTransform>();
        var keyExchange = new List<KeyExchangeTransform>();
        var esn = new List<ExtendedSequenceNumbers>();
        var where = protocol == ProtocolId.Ike ? "IKE proposal" : "ESP proposal";

        foreach (var raw in text.Split('-', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) throw new FormatException($"{where} '{text}': empty algorithm name");
            var keyword = raw.ToLowerInvariant();
            if (TransformCatalog.FindEncryption(keyword) is { } e) AddOnce(encryption, e);
            else if (TransformCatalog.FindIntegrity(keyword) is { } i) AddOnce(integrity, i);
            else if (TransformCatalog.FindPrf(keyword) is { } p)
            {
                if (protocol == ProtocolId.Esp) throw new FormatException($"{where} '{text}': '{raw}' is a PRF, which ESP does not use");
                AddOnce(prf, p);
            }
            else if (TransformCatalog.FindKeyExchange(keyword) is { } k) AddOnce(keyExchange, k);
            else if (keyword is "esn" or "noesn")
            {
                if (protocol == ProtocolId.Ike) throw new FormatException($"{where} '{text}': '{raw}' applies to ESP only");
                AddOnce(esn, keyword == "esn" ? ExtendedSequenceNumbers.Yes : ExtendedSequenceNumbers.No);
            }
            else throw new FormatException($"{where} '{text}': unknown algorithm '{raw}'{Hint(keyword)}");
        }

        if (encryption.Count == 0) throw new FormatException($"{where} '{text}': no encryption algorithm");
        if (protocol == ProtocolId.Ike && prf.Count == 0)
            prf.AddRange(integrity.Select(TransformCatalog.PrfFor).Distinct());
        if (protocol == ProtocolId.Ike && prf.Count == 0)
            throw new FormatException($"{where} '{text}': an AEAD proposal needs a PRF (e.g. prfsha256)");
        if (protocol == ProtocolId.Ike && keyExchange.Count == 0)
            throw new FormatException($"{where} '{text}': no key exchange method (e.g. modp2048, ecp256, x25519)");
        if (esn.Count == 0 && protocol == ProtocolId.Esp) esn.Add(ExtendedSequenceNumbers.No);

        var aead = encryption.Where(x => x.IsAead).ToList();
        var classic = encryption.Where(x => !x.IsAead).ToList();
        var result = new List<CryptoProposal>();
        if (aead.Count > 0)
            result.Add(new CryptoProposal(protocol, aead, prf, [], keyExchange, esn));
        if (classic.Count > 0)
        {
            if (integrity.Count == 0)
                throw new FormatException($"{where} '{text}': {classic[0].Keyword} needs an integrity algorithm (e.g. sha256)");
            result.Add(new CryptoProposal(protocol, classic, prf, integrity, keyExchange, esn));
        }
        return result;
    }

    public static string Format(IEnumerable<CryptoProposal> proposals) => string.Join(',', proposals);

    private static void AddOnce<T>(List<T> list, T item)
    {
        if (!list.Contains(item)) list.Add(item);
    }

    private static string Hint(string keyword) => keyword switch
    {
        "md5" or "prfmd5" => " (MD5 is not supported; use sha1 or better)",
        "des" => " (single DES is not supported)",
        _ when keyword.StartsWith("aes", StringComparison.Ordinal) && keyword.Contains("gcm", StringComparison.Ordinal)
            => " (AES-GCM is supported with a 16-octet ICV: aes128gcm16, aes256gcm16)",
        _ when keyword.StartsWith("modp", StringComparison.Ordinal) || keyword.StartsWith("ecp", StringComparison.Ordinal)
            => " (supported groups: modp1024, modp2048, modp3072, ecp256, ecp384, curve25519/x25519)",
        _ => "",
    };
}
