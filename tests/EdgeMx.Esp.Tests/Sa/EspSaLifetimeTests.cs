using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Testing;

namespace EdgeMx.Esp.Tests.Sa;

public class EspSaLifetimeTests
{
    private static readonly byte[] Inner = TestPackets.Ipv4Udp("192.168.50.10", "10.1.0.10", 100);
    private static readonly EspCipherSuite Gcm = new(EspEncryption.AesGcm16, 128);

    [Fact]
    public void Time_lifetime_gives_a_soft_then_a_hard_expiry_once_each()
    {
        var time = new ManualTimeProvider();
        using var pair = new SaPair(Gcm, time: time,
            lifetime: new EspSaLifetime { SoftTime = TimeSpan.FromMinutes(50), HardTime = TimeSpan.FromMinutes(60) });

        time.Advance(TimeSpan.FromMinutes(49));
        Assert.Null(pair.Outbound.CheckLifetime());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Outbound, false, EspSaExpiryReason.Time), pair.Outbound.CheckLifetime());
        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Inbound, false, EspSaExpiryReason.Time), pair.Inbound.CheckLifetime());
        Assert.Null(pair.Outbound.CheckLifetime());
        Assert.NotNull(pair.Open(pair.Seal(Inner), out _)); // soft-expired SAs still work (make-before-break)

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Outbound, true, EspSaExpiryReason.Time), pair.Outbound.CheckLifetime());
        Assert.Null(pair.Outbound.CheckLifetime());
        Assert.Null(pair.Seal(Inner, out var reason));
        Assert.Equal(EspDropReason.Expired, reason);
    }

    [Fact]
    public void A_hard_byte_limit_stops_the_sa_at_once_not_at_the_next_timer()
    {
        using var pair = new SaPair(Gcm, lifetime: new EspSaLifetime { SoftBytes = 1_000, HardBytes = 2_000 });
        var sent = 0;
        while (pair.Seal(Inner, out _) is not null) sent++;
        Assert.Equal(16, sent); // 128-octet packets: the 16th reaches 2048 >= 2000 and is the last one carried
        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Outbound, true, EspSaExpiryReason.Bytes), pair.Outbound.CheckLifetime());
    }

    [Fact]
    public void A_soft_packet_limit_is_reported_before_the_hard_one()
    {
        using var pair = new SaPair(Gcm, lifetime: new EspSaLifetime { SoftPackets = 3, HardPackets = 5 });
        for (var i = 0; i < 3; i++) pair.Seal(Inner);
        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Outbound, false, EspSaExpiryReason.Packets), pair.Outbound.CheckLifetime());
        for (var i = 0; i < 2; i++) pair.Seal(Inner);
        Assert.Null(pair.Seal(Inner, out _));
        Assert.Equal(new EspSaExpiry(SaPair.Spi, EspSaDirection.Outbound, true, EspSaExpiryReason.Packets), pair.Outbound.CheckLifetime());
    }

    [Fact]
    public void Soft_must_come_before_hard()
    {
        Assert.Throws<ArgumentException>(() => new SaPair(Gcm, lifetime: new EspSaLifetime { SoftTime = TimeSpan.FromHours(1), HardTime = TimeSpan.FromHours(1) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SaPair(Gcm, lifetime: new EspSaLifetime { HardBytes = 0 }));
    }

    [Fact]
    public void A_disposed_sa_drops_what_still_reaches_it()
    {
        var pair = new SaPair(Gcm);
        var esp = pair.Seal(Inner);
        pair.Dispose();
        Assert.Null(pair.Seal(Inner, out var outbound));
        Assert.Null(pair.Open(esp, out var inbound));
        Assert.Equal(EspDropReason.Expired, outbound);
        Assert.Equal(EspDropReason.Expired, inbound);
    }
}
