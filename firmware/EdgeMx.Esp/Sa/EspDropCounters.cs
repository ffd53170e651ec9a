using System.Collections.Immutable;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.Sa;

/// <summary>One counter per <see cref="EspDropReason"/>; increments are atomic (drops may come from any thread).</summary>
public sealed class EspDropCounters
{
    private static readonly EspDropReason[] Reasons = Enum.GetValues<EspDropReason>();
    private readonly long[] _counts = new long[Reasons.Length];

    public void Increment(EspDropReason reason)
    {
        if (reason == EspDropReason.None) return;
        Interlocked.Increment(ref _counts[(int)reason]);
    }

    public long this[EspDropReason reason] => Volatile.Read(ref _counts[(int)reason]);

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 1; i < _counts.Length; i++) total += Volatile.Read(ref _counts[i]);
            return total;
        }
    }

    /// <summary>The non-zero counters, keyed by reason name in camelCase (the status JSON's spelling).</summary>
    public ImmutableSortedDictionary<string, long> Snapshot()
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
        for (var i = 1; i < _counts.Length; i++)
        {
            var count = Volatile.Read(ref _counts[i]);
            if (count == 0) continue;
            var name = Reasons[i].ToString();
            builder[char.ToLowerInvariant(name[0]) + name[1..]] = count;
        }
        return builder.ToImmutable();
    }
}
