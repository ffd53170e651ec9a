namespace EdgeMx.Ike.Config;

/// <summary>
/// Which SPIs an engine may allocate when several engines share one set of sockets (<see cref="Transport.IkeRunnerPool"/>):
/// engine <see cref="Index"/> of <see cref="Count"/> only allocates IKE and ESP SPIs with <c>spi % Count == Index</c>,
/// so a received IKE message is routed to its engine by our own SPI in its header and an ESP SPI never collides
/// with another engine's. The SPI stays random in every other bit (RFC 7296 §2.6 asks only for unpredictability
/// and non-zero; RFC 4303 §2.1 reserves ESP SPIs 1-255).
/// </summary>
public readonly record struct SpiPartition
{
    /// <summary>One engine: every SPI is allowed.</summary>
    public static readonly SpiPartition Whole = new(0, 1);

    public SpiPartition(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>More engines than this would not find cores to run on; the bound keeps the SPI space almost whole.</summary>
    public const int MaxCount = 64;

    public int Index { get; }

    public int Count { get; }

    /// <summary>Moves a random SPI into this partition: same quotient by <see cref="Count"/>, our residue (one
    /// quotient lower at the very top of the range, where the sum would wrap).</summary>
    public ulong Fit(ulong spi)
    {
        if (Count == 1) return spi;
        var count = (ulong)Count;
        var floor = spi - spi % count;
        if (floor > ulong.MaxValue - (ulong)Index) floor -= count;
        return floor + (ulong)Index;
    }

    public uint Fit(uint spi)
    {
        if (Count == 1) return spi;
        var count = (uint)Count;
        var floor = spi - spi % count;
        if (floor > uint.MaxValue - (uint)Index) floor -= count;
        return floor + (uint)Index;
    }

    public bool Contains(ulong spi) => spi % (ulong)Count == (ulong)Index;
}
