using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// Encrypts and authenticates IKE messages of one IKE SA into the SK payload, and opens received ones (RFC 7296
/// §3.14 for CBC ciphers with an HMAC, RFC 5282 §5 for AES-GCM). Outbound uses SK_ei/SK_ai when we are the
/// original initiator, SK_er/SK_ar otherwise; inbound the other pair.
/// <para>CBC: IV (random, one block) | E(payloads | padding | pad length) | ICV, the ICV covering the whole message
/// from the IKE header to the end of the ciphertext. AES-GCM: IV (8 octets, a counter: unique per key is all RFC 5282
/// §3.1 asks) | ciphertext | 16-octet tag, with the IKE header, any unencrypted payloads and the SK generic header
/// as additional authenticated data, and salt | IV as nonce.</para>
/// Not thread-safe (one instance per IKE SA, used by the engine's thread).
/// </summary>
public sealed class IkeMessageProtection : IDisposable
{
    private readonly ICryptoProvider _provider;
    private readonly EncryptionTransform _encryption;
    private readonly IntegrityTransform? _integrity;
    private readonly Direction _outbound;
    private readonly Direction _inbound;
    private ulong _ivCounter;

    public IkeMessageProtection(ICryptoProvider provider, SelectedProposal suite, IkeSaKeys keys, bool originalInitiator)
    {
        _provider = provider;
        _encryption = suite.Encryption;
        _integrity = suite.Integrity;
        _outbound = new Direction(provider, suite, originalInitiator ? keys.SkEi : keys.SkEr,
            originalInitiator ? keys.SkAi : keys.SkAr);
        _inbound = new Direction(provider, suite, originalInitiator ? keys.SkEr : keys.SkEi,
            originalInitiator ? keys.SkAr : keys.SkAi);
    }

    private int IcvSize => _encryption.IsAead ? _encryption.IcvSize : _integrity!.IcvSize;

    /// <summary>Builds the complete datagram: header, SK payload holding <paramref name="inner"/>, ICV.</summary>
    public byte[] Seal(IkeHeader header, IReadOnlyList<IkePayload> inner)
    {
        var chain = new IkeWriter(256);
        PayloadChain.Write(chain, inner);
        try
        {
            return SealPlaintext(header, PayloadChain.FirstType(inner), chain.WrittenSpan);
        }
        finally
        {
            chain.WrittenSpanMutable.Clear();
        }
    }

    /// <summary>Seals an already encoded inner payload chain whose first payload is <paramref name="firstInner"/>.</summary>
    internal byte[] SealPlaintext(IkeHeader header, PayloadType firstInner, ReadOnlySpan<byte> chain)
    {
        // Pad to the block size (CBC) or not at all (GCM); the Pad Length octet is always there (§3.14, RFC 5282 §3).
        var block = _encryption.IsAead ? 1 : _encryption.BlockSize;
        var padLength = (block - (chain.Length + 1) % block) % block;
        var plaintext = new byte[chain.Length + padLength + 1];
        chain.CopyTo(plaintext);
        plaintext[^1] = (byte)padLength;

        var ivSize = _encryption.IvSize;
        var bodyLength = ivSize + plaintext.Length + IcvSize;
        var totalLength = IkeHeader.Size + IkePayload.HeaderSize + bodyLength;

        var message = new byte[totalLength];
        var writer = new IkeWriter(totalLength);
        (header with { NextPayload = PayloadType.Encrypted, Length = (uint)totalLength }).Write(writer);
        writer.WriteUInt8((byte)firstInner);
        writer.WriteUInt8(0);
        writer.WriteUInt16(checked((ushort)(IkePayload.HeaderSize + bodyLength)));
        writer.WrittenSpan.CopyTo(message);

        var ivAt = IkeHeader.Size + IkePayload.HeaderSize;
        var iv = message.AsSpan(ivAt, ivSize);
        var ciphertext = message.AsSpan(ivAt + ivSize, plaintext.Length);
        var icv = message.AsSpan(ivAt + ivSize + plaintext.Length, IcvSize);
        if (_encryption.IsAead)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(iv, ++_ivCounter);
            Span<byte> nonce = stackalloc byte[12];
            ComposeNonce(_outbound.Salt, iv, nonce);
            _outbound.Aead!.Encrypt(nonce, plaintext, ciphertext, icv, message.AsSpan(0, ivAt));
        }
        else
        {
            _provider.GetRandomBytes(iv);
            _outbound.Cbc!.Encrypt(iv, plaintext, ciphertext);
            Span<byte> mac = stackalloc byte[_outbound.Hmac!.HashSize];
            _outbound.Hmac.Compute(message.AsSpan(0, ivAt + ivSize + plaintext.Length), mac);
            mac[..IcvSize].CopyTo(icv);
        }
        Array.Clear(plaintext);
        return message;
    }

    /// <summary>
    /// Verifies and decrypts the SK payload of <paramref name="outer"/> (decoded from <paramref name="datagram"/>).
    /// Returns false when the message does not authenticate: RFC 7296 §2.21.2 says to drop it silently. A message
    /// that authenticates but whose inner payloads are malformed throws <see cref="IkeProtocolException"/>.
    /// </summary>
    public bool TryOpen(ReadOnlySpan<byte> datagram, IkeMessage outer, out IReadOnlyList<IkePayload> inner, out string? failure)
    {
        inner = [];
        failure = null;
        if (outer.Encrypted is not { } sk || outer.EncryptedBodyOffset < 0)
        {
            failure = "no SK payload";
            return false;
        }
        var ivSize = _encryption.IvSize;
        var icvSize = IcvSize;
        var content = datagram[outer.EncryptedBodyOffset..];
        var cipherLength = content.Length - ivSize - icvSize;
        if (cipherLength < 1 || (!_encryption.IsAead && cipherLength % _encryption.BlockSize != 0))
        {
            failure = $"SK payload of {content.Length} octets cannot hold IV, ciphertext and ICV for {_encryption.Name}";
            return false;
        }
        var iv = content[..ivSize];
        var ciphertext = content.Slice(ivSize, cipherLength);
        var icv = content[(ivSize + cipherLength)..];
        var plaintext = new byte[cipherLength];
        try
        {
            if (_encryption.IsAead)
            {
                Span<byte> nonce = stackalloc byte[12];
                ComposeNonce(_inbound.Salt, iv, nonce);
                if (!_inbound.Aead!.TryDecrypt(nonce, ciphertext, icv, plaintext, datagram[..outer.EncryptedBodyOffset]))
                {
                    failure = "ICV does not verify";
                    return false;
                }
            }
            else
            {
                Span<byte> mac = stackalloc byte[_inbound.Hmac!.HashSize];
                _inbound.Hmac.Compute(datagram[..(outer.EncryptedBodyOffset + ivSize + cipherLength)], mac);
                if (!ConstantTime.Equals(mac[..icvSize], icv))
                {
                    failure = "ICV does not verify";
                    return false;
                }
                _inbound.Cbc!.Decrypt(iv, ciphertext, plaintext);
            }

            var padLength = plaintext[^1];
            if (padLength + 1 > plaintext.Length)
                throw IkeProtocolException.Syntax($"SK: pad length {padLength} exceeds the {plaintext.Length} decrypted octets");
            var reader = new IkeReader(plaintext.AsSpan(0, plaintext.Length - padLength - 1));
            inner = PayloadChain.Read(ref reader, sk.FirstInnerPayload, insideEncrypted: true, out _);
            reader.ExpectEnd("SK content");
            return true;
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    /// <summary>The AES-GCM nonce: the 4-octet salt from the keying material, then the 8-octet IV (RFC 5282 §4).</summary>
    public static void ComposeNonce(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> iv, Span<byte> nonce)
    {
        salt.CopyTo(nonce);
        iv.CopyTo(nonce[salt.Length..]);
    }

    public void Dispose()
    {
        _outbound.Dispose();
        _inbound.Dispose();
    }

    /// <summary>The cipher objects and salt of one direction.</summary>
    private sealed class Direction : IDisposable
    {
        public Direction(ICryptoProvider provider, SelectedProposal suite, byte[] encryptionKey, byte[] integrityKey)
        {
            var encryption = suite.Encryption;
            if (encryption.IsAead)
            {
                Aead = provider.CreateAead(AeadAlgorithm.AesGcm16, encryptionKey.AsSpan(0, encryption.KeySize));
                Salt = encryptionKey.AsSpan(encryption.KeySize, encryption.SaltSize).ToArray();
            }
            else
            {
                var algorithm = encryption.Algorithm == EncryptionAlgorithm.TripleDes ? CbcAlgorithm.TripleDesCbc : CbcAlgorithm.AesCbc;
                Cbc = provider.CreateCbc(algorithm, encryptionKey);
                Hmac = provider.CreateHmac(suite.Integrity!.Hash, integrityKey);
                Salt = [];
            }
        }

        public IAeadCipher? Aead { get; }
        public ICbcCipher? Cbc { get; }
        public IHmac? Hmac { get; }
        public byte[] Salt { get; }

        public void Dispose()
        {
            Aead?.Dispose();
            Cbc?.Dispose();
            Hmac?.Dispose();
            Array.Clear(Salt);
        }
    }
}
