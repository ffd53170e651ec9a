using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Tests.Sa;

public class EspSaRoundTripTests
{
    [Theory]
    [MemberData(nameof(SaPair.AllSuites), MemberType = typeof(SaPair))]
    public void Every_suite_carries_ipv4_and_ipv6_packets_of_every_length_with_and_without_esn(EspCipherSuite suite)
    {
        foreach (var esn in new[] { false, true })
        {
            using var pair = new SaPair(suite, esn);
            long bytes = 0;
            for (var length = 0; length < 80; length++)
            {
                foreach (var inner in new[] { TestPackets.Ipv4Udp("10.1.0.10", "192.168.50.10", length),
                             TestPackets.Ipv6Udp("fd00:1::10", "fd00:50::10", length) })
                {
                    var esp = pair.Seal(inner);
                    var ciphertext = esp.Length - suite.HeaderSize - suite.IcvSize;
                    Assert.Equal(0, ciphertext % suite.Alignment);
                    Assert.True(ciphertext - inner.Length - 2 < suite.Alignment, "padding is minimal");

                    Assert.Equal(inner, pair.Open(esp, out var reason));
                    Assert.Equal(EspDropReason.None, reason);
                    bytes += inner.Length;
                }
            }
            Assert.Equal(160, pair.Outbound.Packets);
            Assert.Equal(160, pair.Inbound.Packets);
            Assert.Equal(bytes, pair.Outbound.Bytes);
            Assert.Equal(bytes, pair.Inbound.Bytes);
            Assert.Equal(0, pair.Inbound.Drops.Total);
        }
    }

    [Fact]
    public void Gcm_explicit_ivs_are_a_counter_and_never_repeat()
    {
        using var pair = new SaPair(new EspCipherSuite(EspEncryption.AesGcm16, 128));
        var inner = TestPackets.Ipv4Udp("10.1.0.10", "192.168.50.10", 10);
        var ivs = Enumerable.Range(0, 1000).Select(_ => BitConverter.ToUInt64(pair.Seal(inner).AsSpan(8, 8))).ToList();
        Assert.Equal(1000, ivs.Distinct().Count());
        var first = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ivs[0]);
        var last = System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ivs[^1]);
        Assert.Equal(first + 999, last);
    }

    [Fact]
    public void Cbc_ivs_are_random()
    {
        using var pair = new SaPair(new EspCipherSuite(EspEncryption.AesCbc, 128, EspIntegrity.HmacSha256_128));
        var inner = TestPackets.Ipv4Udp("10.1.0.10", "192.168.50.10", 10);
        var ivs = Enumerable.Range(0, 200).Select(_ => Convert.ToHexString(pair.Seal(inner).AsSpan(8, 16))).ToList();
        Assert.Equal(200, ivs.Distinct().Count());
    }

    [Fact]
    public void Sequence_numbers_start_at_one_and_increase()
    {
        using var pair = new SaPair(new EspCipherSuite(EspEncryption.AesGcm16, 128));
        var inner = TestPackets.Ipv4Udp("10.1.0.10", "192.168.50.10", 10);
        for (uint i = 1; i <= 5; i++) Assert.Equal(i, EspPacket.ReadSequence(pair.Seal(inner)));
        Assert.Equal(SaPair.Spi, EspPacket.ReadSpi(pair.Seal(inner)));
    }
}
