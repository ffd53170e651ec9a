using System.Buffers.Binary;
using System.Net;
using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// Stateless COOKIEs (RFC 7296 §2.6): Cookie = VersionIDofSecret | Hash(Ni | IPi | SPIi | secret), here an
/// HMAC-SHA-256 keyed with a secret that is replaced every few minutes; cookies made with the previous secret are
/// still accepted so a rotation does not turn away an initiator mid-exchange.
/// </summary>
internal sealed class CookieGenerator(ICryptoProvider crypto, Clock clock, TimeSpan lifetime)
{
    private const int VersionSize = 4;
    private (uint Version, byte[] Secret, long Expires)? _current;
    private (uint Version, byte[] Secret)? _previous;

    public byte[] Create(ReadOnlySpan<byte> nonce, IPAddress initiator, ulong spiI)
    {
        Rotate();
        var (version, secret, _) = _current!.Value;
        return Compute(version, secret, nonce, initiator, spiI);
    }

    public bool Verify(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> nonce, IPAddress initiator, ulong spiI)
    {
        Rotate();
        if (cookie.Length != VersionSize + 32) return false;
        var version = BinaryPrimitives.ReadUInt32BigEndian(cookie);
        byte[]? secret = null;
        if (_current?.Version == version) secret = _current.Value.Secret;
        else if (_previous?.Version == version) secret = _previous.Value.Secret;
        return secret is not null && ConstantTime.Equals(cookie, Compute(version, secret, nonce, initiator, spiI));
    }

    private void Rotate()
    {
        if (_current is { } current && current.Expires > clock.Now) return;
        if (_current is { } old) _previous = (old.Version, old.Secret);
        var secret = new byte[32];
        crypto.GetRandomBytes(secret);
        _current = ((_current?.Version ?? 0) + 1, secret, clock.After(lifetime));
    }

    private byte[] Compute(uint version, byte[] secret, ReadOnlySpan<byte> nonce, IPAddress initiator, ulong spiI)
    {
        using var hmac = crypto.CreateHmac(HashAlgorithm.Sha256, secret);
        Span<byte> scratch = stackalloc byte[16];
        hmac.Append(nonce);
        initiator.TryWriteBytes(scratch, out var written);
        hmac.Append(scratch[..written]);
        BinaryPrimitives.WriteUInt64BigEndian(scratch, spiI);
        hmac.Append(scratch[..8]);
        var cookie = new byte[VersionSize + 32];
        BinaryPrimitives.WriteUInt32BigEndian(cookie, version);
        hmac.GetHashAndReset(cookie.AsSpan(VersionSize));
        return cookie;
    }
}
