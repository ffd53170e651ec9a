namespace EdgeMx.Esp.Transform;

/// <summary>
/// The receiver's anti-replay window (RFC 4303 §3.4.3) with extended sequence number inference (RFC 4303
/// Appendix A2). A bitmap kept as a ring of 64-bit blocks (the RFC 6479 arrangement: sliding the window clears whole
/// blocks instead of shifting bits). <see cref="Check"/> is the cheap pre-ICV test; <see cref="Accept"/> updates the
/// window and is called only after the ICV verified (§3.4.3: "the receive window is updated only if the integrity
/// verification succeeds"). Not thread-safe: the inbound SA serialises its use.
/// </summary>
public sealed class ReplayWindow
{
    /// <summary>Default window in packets: deep enough for reordering at gigabit rates on several paths.</summary>
    public const int DefaultSize = 1024;
    public const int MinimumSize = 64;
    public const int MaximumSize = 65536;

    private readonly ulong[] _blocks;
    private readonly int _blockMask;
    private readonly bool _esn;

    // Highest sequence number accepted so far (full 64 bits with ESN); 0 = nothing accepted yet.
    private ulong _top;

    public ReplayWindow(int size = DefaultSize, bool extendedSequenceNumbers = false)
    {
        if (size is < MinimumSize or > MaximumSize || size % 64 != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, $"a multiple of 64 from {MinimumSize} to {MaximumSize}");
        Size = size;
        _esn = extendedSequenceNumbers;
        // Sequence numbers (top - size, top] can straddle size/64 + 1 blocks; a power of two makes the ring index a mask.
        var blocks = 1;
        while (blocks < size / 64 + 1) blocks <<= 1;
        _blocks = new ulong[blocks];
        _blockMask = blocks - 1;
    }

    /// <summary>Window size in packets (W in RFC 4303).</summary>
    public int Size { get; }

    /// <summary>Highest authenticated sequence number (the right edge of the window).</summary>
    public ulong Top => _top;

    /// <summary>
    /// Infers the full sequence number of a packet from its low 32 bits and tests it against the window, changing
    /// nothing. <paramref name="sequence"/> is what the ICV must be computed with.
    /// </summary>
    public EspDropReason Check(uint sequenceLow, out ulong sequence)
    {
        sequence = _esn ? InferExtended(sequenceLow) : sequenceLow;
        // Sequence number 0 is never sent (the first packet is 1, RFC 4303 §3.3.3), nor is a number "before" it.
        if (sequence == 0) return EspDropReason.Replay;
        if (sequence > _top) return EspDropReason.None;
        if (_top - sequence >= (ulong)Size) return EspDropReason.Replay;
        return (_blocks[BlockIndex(sequence)] & Bit(sequence)) != 0 ? EspDropReason.Replay : EspDropReason.None;
    }

    /// <summary>Records an authenticated packet, sliding the window right when it is the newest. Returns false for a
    /// duplicate (it must then be dropped as a replay).</summary>
    public bool Accept(ulong sequence)
    {
        if (sequence == 0) return false;
        if (sequence > _top)
        {
            var oldBlock = _top >> 6;
            var newBlock = sequence >> 6;
            // Clear the blocks the window slides onto; after a jump of a whole ring, all of them.
            var clear = Math.Min(newBlock - oldBlock, (ulong)_blocks.Length);
            for (ulong i = 1; i <= clear; i++) _blocks[(int)((oldBlock + i) & (ulong)_blockMask)] = 0;
            _top = sequence;
        }
        else if (_top - sequence >= (ulong)Size)
        {
            return false;
        }
        ref var block = ref _blocks[BlockIndex(sequence)];
        var bit = Bit(sequence);
        if ((block & bit) != 0) return false;
        block |= bit;
        return true;
    }

    /// <summary>
    /// RFC 4303 Appendix A2.2: choose the high-order 32 bits that put the packet nearest the window. Tl/Th are the
    /// low/high halves of the window's top T; W its size.
    /// </summary>
    private ulong InferExtended(uint sequenceLow)
    {
        var tl = (uint)_top;
        var th = (uint)(_top >> 32);
        var w = (uint)Size;
        uint high;
        if (tl >= w - 1)
        {
            // Case A: the window lies within one sequence-number subspace.
            high = sequenceLow >= tl - w + 1 ? th : th + 1;
        }
        else
        {
            // Case B: the window spans two subspaces; a number in the upper part of the old space belongs to th - 1.
            if (sequenceLow >= unchecked(tl - w + 1))
            {
                // Before the first subspace there is nothing: such a packet can only be old or forged.
                if (th == 0) return 0;
                high = th - 1;
            }
            else
            {
                high = th;
            }
        }
        return ((ulong)high << 32) | sequenceLow;
    }

    private int BlockIndex(ulong sequence) => (int)((sequence >> 6) & (ulong)_blockMask);

    private static ulong Bit(ulong sequence) => 1UL << (int)(sequence & 63);
}
