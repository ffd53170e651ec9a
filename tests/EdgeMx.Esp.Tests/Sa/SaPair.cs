using System.Collections.Immutable;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Esp.Tests.Sa;

/// <summary>An outbound SA and the inbound SA of the peer that shares its keys, with helpers to push packets through.</summary>
internal sealed class SaPair : IDisposable
{
    public const uint Spi = 0xc0ffee01;
    public const int Headroom = 64;

    public SaPair(EspCipherSuite suite, bool esn = false, TimeProvider? time = null, EspSaLifetime? lifetime = null,
        int replayWindow = ReplayWindow.DefaultSize, ImmutableArray<TrafficSelector> remote = default,
        ImmutableArray<TrafficSelector> local = default, ICryptoProvider? crypto = null)
    {
        crypto ??= new PlatformCryptoProvider();
        var encryption = new byte[suite.EncryptionKeyMaterialSize];
        var integrity = new byte[suite.IntegrityKeySize];
        crypto.GetRandomBytes(encryption);
        crypto.GetRandomBytes(integrity);
        var keys = Keys = new EspKeyMaterial(encryption, integrity);
        _crypto = crypto;
        Outbound = new EspOutboundSa(Spi, suite, keys, esn, crypto, time, lifetime);
        Inbound = new EspInboundSa(Spi, suite, keys, esn, crypto, time, lifetime, replayWindow, remote, local);
        Suite = suite;
    }

    private readonly ICryptoProvider _crypto;
    private uint _rawSequence = 1_000;

    public EspCipherSuite Suite { get; }
    public EspKeyMaterial Keys { get; }

    /// <summary>
    /// An authenticated packet around an arbitrary cleartext (payload, padding and trailer as the test wants them),
    /// sealed with the SA's keys by a cipher of its own: how a broken peer's packets look.
    /// </summary>
    public byte[] SealText(byte[] text)
    {
        using var cipher = EspCipher.Create(Suite, Keys, _crypto);
        var packet = new byte[Suite.HeaderSize + text.Length + Suite.IcvSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet, Spi);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _rawSequence++);
        cipher.NextIv(packet.AsSpan(8, Suite.IvSize));
        text.CopyTo(packet, Suite.HeaderSize);
        cipher.Seal(packet, text.Length, 0, esn: false);
        return packet;
    }
    public EspOutboundSa Outbound { get; }
    public EspInboundSa Inbound { get; }

    /// <summary>Encapsulates <paramref name="inner"/>; returns the ESP packet (a copy) or null with the reason.</summary>
    public byte[]? Seal(byte[] inner, out EspDropReason reason, byte? nextHeader = null)
    {
        var buffer = new byte[Headroom + inner.Length + Suite.MaxOverhead];
        inner.CopyTo(buffer, Headroom);
        var header = nextHeader ?? (byte)((inner[0] >> 4) == 6 ? 41 : 4);
        reason = Outbound.Encapsulate(buffer, Headroom, inner.Length, header, out var offset, out var length);
        return reason == EspDropReason.None ? buffer.AsSpan(offset, length).ToArray() : null;
    }

    public byte[] Seal(byte[] inner)
    {
        var packet = Seal(inner, out var reason);
        Assert.Equal(EspDropReason.None, reason);
        return packet!;
    }

    /// <summary>Decapsulates a copy of <paramref name="esp"/>; returns the inner packet or null with the reason.</summary>
    public byte[]? Open(byte[] esp, out EspDropReason reason)
    {
        var copy = (byte[])esp.Clone();
        reason = Inbound.Decapsulate(copy, out var offset, out var length, out _);
        return reason == EspDropReason.None ? copy.AsSpan(offset, length).ToArray() : null;
    }

    public void Dispose()
    {
        Outbound.Dispose();
        Inbound.Dispose();
        Keys.Dispose();
    }

    public static IEnumerable<object[]> AllSuites() =>
    [
        [new EspCipherSuite(EspEncryption.AesGcm16, 128)],
        [new EspCipherSuite(EspEncryption.AesGcm16, 192)],
        [new EspCipherSuite(EspEncryption.AesGcm16, 256)],
        [new EspCipherSuite(EspEncryption.AesCbc, 128, EspIntegrity.HmacSha1_96)],
        [new EspCipherSuite(EspEncryption.AesCbc, 128, EspIntegrity.HmacSha256_128)],
        [new EspCipherSuite(EspEncryption.AesCbc, 192, EspIntegrity.HmacSha384_192)],
        [new EspCipherSuite(EspEncryption.AesCbc, 256, EspIntegrity.HmacSha512_256)],
        [new EspCipherSuite(EspEncryption.TripleDesCbc, 192, EspIntegrity.HmacSha1_96)],
        [new EspCipherSuite(EspEncryption.TripleDesCbc, 192, EspIntegrity.HmacSha256_128)],
    ];
}
