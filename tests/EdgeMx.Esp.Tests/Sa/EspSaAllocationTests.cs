using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Esp.Tests.Sa;

/// <summary>The per-packet path allocates nothing in steady state: a deterministic count, not a timing.</summary>
public class EspSaAllocationTests
{
    private const int Rounds = 2_000;

    /// <summary>
    /// Bytes allocated by <see cref="Rounds"/> calls: the least of three windows. Tiered compilation may start call
    /// counting (its 100 ms delay restarts while other tests JIT) in the middle of a window and allocate a few hundred
    /// bytes on this thread once; an allocation per call shows in every window (≥ 24 bytes × Rounds).
    /// </summary>
    private static long AllocatedBy(Action action)
    {
        for (var i = 0; i < 200; i++) action(); // JIT, tiering, first-use caches
        var least = long.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Rounds; i++) action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    private static long RoundTripAllocations(EspCipherSuite suite)
    {
        using var pair = new SaPair(suite, esn: true);
        var inner = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 1400);
        var buffer = new byte[SaPair.Headroom + inner.Length + suite.MaxOverhead];
        return AllocatedBy(() =>
        {
            inner.CopyTo(buffer, SaPair.Headroom);
            pair.Outbound.Encapsulate(buffer, SaPair.Headroom, inner.Length, 4, out var offset, out var length);
            var result = pair.Inbound.Decapsulate(buffer.AsSpan(offset, length), out _, out _, out _);
            if (result != EspDropReason.None) throw new InvalidOperationException(result.ToString());
        });
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void Aes_gcm_round_trips_allocate_nothing(int keyBits) =>
        Assert.Equal(0, RoundTripAllocations(new EspCipherSuite(EspEncryption.AesGcm16, keyBits)));

    [Theory]
    [InlineData(EspEncryption.AesCbc, 128, EspIntegrity.HmacSha256_128, CbcAlgorithm.AesCbc)]
    [InlineData(EspEncryption.AesCbc, 256, EspIntegrity.HmacSha1_96, CbcAlgorithm.AesCbc)]
    [InlineData(EspEncryption.TripleDesCbc, 192, EspIntegrity.HmacSha1_96, CbcAlgorithm.TripleDesCbc)]
    public void Cbc_round_trips_allocate_only_what_the_platform_cbc_call_itself_does(EspEncryption encryption, int keyBits,
        EspIntegrity integrity, CbcAlgorithm algorithm)
    {
        // The BCL's one-shot CBC (behind the HAL's platform provider) creates a small cipher object per call; the
        // ESP layer around it adds nothing: a round trip allocates exactly what one encrypt plus one decrypt do.
        var suite = new EspCipherSuite(encryption, keyBits, integrity);
        var key = new byte[suite.CipherKeySize];
        System.Security.Cryptography.RandomNumberGenerator.Fill(key);
        using var cbc = new PlatformCryptoProvider().CreateCbc(algorithm, key);
        var iv = new byte[cbc.BlockSize];
        var text = new byte[1408];
        var providerOnly = AllocatedBy(() =>
        {
            cbc.Encrypt(iv, text, text);
            cbc.Decrypt(iv, text, text);
        });

        Assert.Equal(providerOnly, RoundTripAllocations(suite));
    }
}
