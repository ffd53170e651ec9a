using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Tests.Transform;

public class ReplayWindowTests
{
    private static EspDropReason Receive(ReplayWindow window, ulong sequence, bool esn = false)
    {
        var check = window.Check((uint)sequence, out var inferred);
        if (check != EspDropReason.None) return check;
        Assert.Equal(sequence, inferred);
        return window.Accept(inferred) ? EspDropReason.None : EspDropReason.Replay;
    }

    [Fact]
    public void Accepts_each_number_once_in_any_order_within_the_window()
    {
        var window = new ReplayWindow(128);
        var order = Enumerable.Range(1, 1000).Select(i => (ulong)i).ToList();
        // Reorder within blocks of 100 (< window size).
        var shuffled = order.Chunk(100).SelectMany(chunk => chunk.Reverse()).ToList();
        foreach (var s in shuffled) Assert.Equal(EspDropReason.None, Receive(window, s));
        foreach (var s in order.Skip(900)) Assert.Equal(EspDropReason.Replay, Receive(window, s));
        Assert.Equal(1000UL, window.Top);
    }

    [Fact]
    public void The_left_edge_is_exactly_window_size_behind_the_top()
    {
        var window = new ReplayWindow(128);
        Assert.Equal(EspDropReason.None, Receive(window, 1000));
        Assert.Equal(EspDropReason.None, Receive(window, 1000 - 127)); // the oldest number still in the window
        Assert.Equal(EspDropReason.Replay, Receive(window, 1000 - 128)); // just left of it
        Assert.Equal(EspDropReason.Replay, Receive(window, 1));
    }

    [Fact]
    public void Check_changes_nothing_and_zero_is_never_valid()
    {
        var window = new ReplayWindow(64);
        Assert.Equal(EspDropReason.None, window.Check(50, out _));
        Assert.Equal(0UL, window.Top);
        Assert.Equal(EspDropReason.Replay, window.Check(0, out _));
        Assert.False(window.Accept(0));
    }

    [Fact]
    public void A_jump_far_ahead_clears_stale_bits()
    {
        var window = new ReplayWindow(256);
        for (ulong s = 1; s <= 300; s++) Receive(window, s);
        Assert.Equal(EspDropReason.None, Receive(window, 1_000_000));
        // Numbers that map onto the same ring slots as the old ones are new, not replays.
        for (ulong s = 1_000_000 - 200; s < 1_000_000; s++) Assert.Equal(EspDropReason.None, Receive(window, s));
        Assert.Equal(EspDropReason.Replay, Receive(window, 1_000_000 - 256));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(100)]
    [InlineData(131072)]
    public void Size_is_a_multiple_of_64_within_bounds(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplayWindow(size));

    [Fact]
    public void Default_is_at_least_128() => Assert.True(new ReplayWindow().Size >= 128);

    [Theory]
    // RFC 4303 Appendix A2.2, case A (window within one subspace) and case B (window spanning two).
    [InlineData(0x0000_0005_0000_1000UL, 0x0000_2000u, 0x0000_0005_0000_2000UL)] // A: ahead in the same subspace
    [InlineData(0x0000_0005_0000_1000UL, 0x0000_0F00u, 0x0000_0005_0000_0F00UL)] // A: inside the window
    [InlineData(0x0000_0005_0000_1000UL, 0x0000_0010u, 0x0000_0006_0000_0010UL)] // A: left of the window -> next subspace
    [InlineData(0x0000_0005_0000_0010UL, 0xFFFF_FF00u, 0x0000_0004_FFFF_FF00UL)] // B: upper part of the previous subspace
    [InlineData(0x0000_0005_0000_0010UL, 0x0000_0020u, 0x0000_0005_0000_0020UL)] // B: ahead
    public void Esn_high_bits_are_inferred_from_the_window(ulong top, uint low, ulong expected)
    {
        var window = new ReplayWindow(1024, extendedSequenceNumbers: true);
        Assert.True(window.Accept(top));
        window.Check(low, out var inferred);
        Assert.Equal(expected, inferred);
    }
}
