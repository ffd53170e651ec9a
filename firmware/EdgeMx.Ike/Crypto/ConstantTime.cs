using System.Runtime.CompilerServices;

namespace EdgeMx.Ike.Crypto;

/// <summary>Comparison of MACs without an early exit, so timing does not reveal how much of a forged ICV was right.</summary>
public static class ConstantTime
{
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static bool Equals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) return false;
        var difference = 0;
        for (var i = 0; i < a.Length; i++) difference |= a[i] ^ b[i];
        return difference == 0;
    }
}
