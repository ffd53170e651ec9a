using EdgeMx.Ike.Config;
using EdgeMx.Ike.Tests.Engine;

namespace EdgeMx.Ike.Tests.Transport;

public sealed class SpiPartitionTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(4, 5)]
    [InlineData(6, 7)]
    [InlineData(63, 64)]
    public void Fit_lands_in_the_partition_across_the_whole_range(int index, int count)
    {
        var partition = new SpiPartition(index, count);
        ulong[] wide = [0, 1, 0xFF, 0x100, 0x8000_0000_0000_0000, ulong.MaxValue - 1, ulong.MaxValue];
        foreach (var spi in wide)
        {
            Assert.True(partition.Contains(partition.Fit(spi)), $"{spi:x} -> {partition.Fit(spi):x}");
            Assert.True(Math.Abs((double)partition.Fit(spi) - spi) < 2 * count, "stays next to the random value");
        }
        uint[] narrow = [0, 1, 0xFF, 0x100, 0x8000_0000, uint.MaxValue - 1, uint.MaxValue];
        foreach (var spi in narrow) Assert.True(partition.Contains(partition.Fit(spi)), $"{spi:x} -> {partition.Fit(spi):x}");
        var random = new Random(count * 100 + index);
        for (var i = 0; i < 1000; i++)
        {
            var spi = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
            Assert.True(partition.Contains(partition.Fit(spi)));
            Assert.True(partition.Contains(partition.Fit((uint)spi)));
        }
    }

    [Fact]
    public void The_whole_space_changes_nothing()
    {
        Assert.Equal(0xDEAD_BEEF_0000_0007UL, SpiPartition.Whole.Fit(0xDEAD_BEEF_0000_0007UL));
        Assert.Equal(0xDEAD_BEEFU, SpiPartition.Whole.Fit(0xDEAD_BEEFU));
        Assert.Equal(SpiPartition.Whole, new IkeEngineOptions().SpiPartition);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 2)]
    [InlineData(2, 2)]
    [InlineData(0, SpiPartition.MaxCount + 1)]
    public void Nonsense_partitions_are_refused(int index, int count) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new SpiPartition(index, count));

    [Fact]
    public void An_engine_allocates_only_its_own_spis_in_both_roles_and_across_rekeys()
    {
        var partition = new SpiPartition(2, 3);
        var pair = new SpokeAndHub(hubOptions: new IkeEngineOptions { SpiPartition = partition });
        pair.Connect();
        pair.Net.Run();
        pair.AssertUp();
        Assert.True(partition.Contains(pair.HubSa.SpiR));
        foreach (var child in pair.Hub.Installed.Values) Assert.True(partition.Contains(child.InboundSpi));

        // The hub rekeys both kinds of SA: its new IKE SPI and its new inbound ESP SPI stay in its partition.
        pair.Net.Apply(pair.Hub, pair.Hub.Engine.RekeyIkeSa(pair.HubSettings.Name));
        pair.Net.Run();
        pair.Net.Apply(pair.Hub, pair.Hub.Engine.RekeyChildSa(pair.HubSettings.Name, "net"));
        pair.Net.Run();
        var hubSa = pair.HubSa;
        Assert.True(partition.Contains(hubSa.OurSpi));
        Assert.NotEmpty(pair.Hub.Installed.Values);
        foreach (var child in pair.Hub.Installed.Values) Assert.True(partition.Contains(child.InboundSpi));
    }
}
