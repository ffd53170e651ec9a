using System.Security.Cryptography;
using HashAlgorithm = EdgeMx.Hal.Crypto.HashAlgorithm;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Linux.Crypto.Platform;

/// <summary>HMAC (RFC 2104) through <see cref="IncrementalHash"/>, which keeps the keyed OpenSSL context between
/// messages so a per-packet MAC does not redo the key schedule.</summary>
internal sealed class PlatformHmac : IHmac
{
    private readonly IncrementalHash _hmac;
    private bool _pending;

    public PlatformHmac(HashAlgorithm hash, ReadOnlySpan<byte> key)
    {
        Hash = hash;
        HashSize = hash.HashSize();
        var name = hash switch
        {
            HashAlgorithm.Sha1 => HashAlgorithmName.SHA1,
            HashAlgorithm.Sha256 => HashAlgorithmName.SHA256,
            HashAlgorithm.Sha384 => HashAlgorithmName.SHA384,
            HashAlgorithm.Sha512 => HashAlgorithmName.SHA512,
            _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, null),
        };
        _hmac = IncrementalHash.CreateHMAC(name, key);
    }

    public HashAlgorithm Hash { get; }
    public int HashSize { get; }

    public int Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (_pending) throw new InvalidOperationException("Compute called while an Append sequence is unfinished");
        CryptoArguments.HashDestination(Hash, destination.Length);
        _hmac.AppendData(data);
        return _hmac.GetHashAndReset(destination);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _hmac.AppendData(data);
        _pending = true;
    }

    public int GetHashAndReset(Span<byte> destination)
    {
        CryptoArguments.HashDestination(Hash, destination.Length);
        _pending = false;
        return _hmac.GetHashAndReset(destination);
    }

    public void Dispose() => _hmac.Dispose();
}
