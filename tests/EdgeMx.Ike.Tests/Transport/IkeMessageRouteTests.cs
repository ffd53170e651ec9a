using System.Buffers.Binary;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Transport;

namespace EdgeMx.Ike.Tests.Transport;

public sealed class IkeMessageRouteTests
{
    /// <summary>A bare IKE header (RFC 7296 §3.1) with the given SPIs and flags.</summary>
    private static byte[] Header(ulong spiI, ulong spiR, IkeHeaderFlags flags)
    {
        var message = new byte[IkeHeader.Size];
        BinaryPrimitives.WriteUInt64BigEndian(message, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(8), spiR);
        message[IkeHeader.VersionOffset] = 0x20;
        message[IkeHeader.FlagsOffset] = (byte)flags;
        return message;
    }

    [Fact]
    public void A_message_goes_to_the_engine_that_owns_our_spi()
    {
        // From the original initiator (we respond): our SPI is the responder SPI.
        Assert.Equal(2, IkeMessageRoute.EngineOf(Header(0x1111, 3 * 1000 + 2, IkeHeaderFlags.Initiator), 3));
        Assert.Equal(2, IkeMessageRoute.EngineOf(Header(0x1111, 3 * 1000 + 2, IkeHeaderFlags.Initiator | IkeHeaderFlags.Response), 3));
        // From the original responder (we initiated): our SPI is the initiator SPI, whatever the responder SPI.
        Assert.Equal(1, IkeMessageRoute.EngineOf(Header(3 * 77 + 1, 0xFFFF, IkeHeaderFlags.Response), 3));
        Assert.Equal(1, IkeMessageRoute.EngineOf(Header(3 * 77 + 1, 0xFFFF, IkeHeaderFlags.None), 3));
        // A COOKIE or INVALID_KE_PAYLOAD answer to our IKE_SA_INIT carries responder SPI 0: still ours by the initiator SPI.
        Assert.Equal(1, IkeMessageRoute.EngineOf(Header(3 * 77 + 1, 0, IkeHeaderFlags.Response), 3));
    }

    [Fact]
    public void New_ike_sa_init_requests_spread_and_their_retries_stay_put()
    {
        var counts = new int[4];
        var random = new Random(7);
        for (var i = 0; i < 4000; i++)
        {
            var spiI = (ulong)random.NextInt64();
            var engine = IkeMessageRoute.EngineOf(Header(spiI, 0, IkeHeaderFlags.Initiator), 4);
            counts[engine]++;
            // The retransmission, and the retry with a COOKIE or another group (same initiator SPI), meet the same engine.
            Assert.Equal(engine, IkeMessageRoute.EngineOf(Header(spiI, 0, IkeHeaderFlags.Initiator), 4));
        }
        Assert.All(counts, c => Assert.InRange(c, 800, 1200));

        // SPIs with a pattern in their low bits (all multiples of 4) still spread.
        Array.Clear(counts);
        for (ulong i = 1; i <= 4000; i++) counts[IkeMessageRoute.EngineOf(Header(i * 4, 0, IkeHeaderFlags.Initiator), 4)]++;
        Assert.All(counts, c => Assert.InRange(c, 700, 1300));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(IkeHeader.Size - 1)]
    public void A_datagram_too_short_for_a_header_goes_to_engine_0(int length) =>
        Assert.Equal(0, IkeMessageRoute.EngineOf(new byte[length], 4));

    [Fact]
    public void One_engine_takes_everything() =>
        Assert.Equal(0, IkeMessageRoute.EngineOf(Header(5, 7, IkeHeaderFlags.Initiator), 1));
}
