using EdgeMx.Esp.Sa;

namespace EdgeMx.Esp.DataPlane;

/// <summary>Totals of the whole data plane, including what no SA could be charged with (unknown SPI, no policy).</summary>
public sealed class EspDataPlaneCounters
{
    private long _packetsIn;
    private long _bytesIn;
    private long _packetsOut;
    private long _bytesOut;
    private long _icmpErrorsSent;
    private long _mssClamped;

    public long PacketsIn => Volatile.Read(ref _packetsIn);
    public long BytesIn => Volatile.Read(ref _bytesIn);
    public long PacketsOut => Volatile.Read(ref _packetsOut);
    public long BytesOut => Volatile.Read(ref _bytesOut);
    public long IcmpErrorsSent => Volatile.Read(ref _icmpErrorsSent);
    public long MssClamped => Volatile.Read(ref _mssClamped);
    public EspDropCounters Drops { get; } = new();

    internal void CountIn(int bytes)
    {
        Interlocked.Increment(ref _packetsIn);
        Interlocked.Add(ref _bytesIn, bytes);
    }

    internal void CountOut(int bytes)
    {
        Interlocked.Increment(ref _packetsOut);
        Interlocked.Add(ref _bytesOut, bytes);
    }

    internal void CountIcmpError() => Interlocked.Increment(ref _icmpErrorsSent);
    internal void CountMssClamped() => Interlocked.Increment(ref _mssClamped);
}
