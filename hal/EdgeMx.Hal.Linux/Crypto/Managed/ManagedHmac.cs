using EdgeMx.Hal.Crypto;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace EdgeMx.Hal.Linux.Crypto.Managed;

/// <summary>HMAC (RFC 2104) on BouncyCastle's <see cref="HMac"/> with a concrete digest (never DigestUtilities).
/// <see cref="HMac.DoFinal"/> resets to the keyed state, so the key schedule is done once.</summary>
internal sealed class ManagedHmac : IHmac
{
    private readonly HMac _hmac;
    private byte[] _scratch = new byte[2048];
    private readonly byte[] _output;
    private bool _pending;

    public ManagedHmac(HashAlgorithm hash, ReadOnlySpan<byte> key)
    {
        Hash = hash;
        HashSize = hash.HashSize();
        IDigest digest = hash switch
        {
            HashAlgorithm.Sha1 => new Sha1Digest(),
            HashAlgorithm.Sha256 => new Sha256Digest(),
            HashAlgorithm.Sha384 => new Sha384Digest(),
            HashAlgorithm.Sha512 => new Sha512Digest(),
            _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, null),
        };
        _hmac = new HMac(digest);
        _hmac.Init(new KeyParameter(key.ToArray()));
        _output = new byte[HashSize];
    }

    public HashAlgorithm Hash { get; }
    public int HashSize { get; }

    public int Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (_pending) throw new InvalidOperationException("Compute called while an Append sequence is unfinished");
        CryptoArguments.HashDestination(Hash, destination.Length);
        Update(data);
        return Finish(destination);
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        Update(data);
        _pending = true;
    }

    public int GetHashAndReset(Span<byte> destination)
    {
        CryptoArguments.HashDestination(Hash, destination.Length);
        _pending = false;
        return Finish(destination);
    }

    private void Update(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return;
        if (_scratch.Length < data.Length) _scratch = new byte[Math.Max(data.Length, _scratch.Length * 2)];
        data.CopyTo(_scratch);
        _hmac.BlockUpdate(_scratch, 0, data.Length);
    }

    private int Finish(Span<byte> destination)
    {
        var n = _hmac.DoFinal(_output, 0);
        _output.AsSpan(0, n).CopyTo(destination);
        Array.Clear(_output);
        return n;
    }

    public void Dispose()
    {
        Array.Clear(_scratch);
        _hmac.Reset();
    }
}
