using System.Numerics;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>The hard-coded primes are recomputed from their defining formula (RFC 2409 §6.2, RFC 3526 §3–4), so a
/// mistyped digit cannot survive.</summary>
public class ModpGroupTests
{
    [Theory]
    [InlineData(KeyExchangeGroup.Modp1024, 1024, 129093)]
    [InlineData(KeyExchangeGroup.Modp2048, 2048, 124476)]
    [InlineData(KeyExchangeGroup.Modp3072, 3072, 1690314)]
    public void Prime_is_2N_minus_2N64_minus_1_plus_2_64_times_pi_term(KeyExchangeGroup group, int bits, int k)
    {
        // p = 2^N - 2^(N-64) - 1 + 2^64 * ( floor(2^(N-130) * pi) + k )
        var expected = BigInteger.Pow(2, bits) - BigInteger.Pow(2, bits - 64) - 1
                       + BigInteger.Pow(2, 64) * (PiTimesPowerOfTwo(bits - 130) + k);
        var modp = ModpGroup.Get(group);
        Assert.Equal(expected, modp.Prime);
        Assert.Equal(bits / 8, modp.Length);
        Assert.Equal(2, modp.Generator);
    }

    /// <summary>floor(pi * 2^bits) by Machin's formula, pi = 16 atan(1/5) - 4 atan(1/239), in fixed point.</summary>
    private static BigInteger PiTimesPowerOfTwo(int bits)
    {
        const int guard = 64;
        var one = BigInteger.One << (bits + guard);
        static BigInteger ArctanInverse(BigInteger one, int x)
        {
            BigInteger sum = 0, term = one / x, x2 = x * x;
            for (var n = 1; !term.IsZero; n += 2)
            {
                sum += (n / 2 % 2 == 0 ? 1 : -1) * (term / n);
                term /= x2;
            }
            return sum;
        }
        var pi = 4 * (4 * ArctanInverse(one, 5) - ArctanInverse(one, 239));
        return pi >> guard;
    }

    [Fact]
    public void Only_modp_groups_resolve()
    {
        Assert.False(ModpGroup.TryGet(KeyExchangeGroup.Ecp256, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModpGroup.Get(KeyExchangeGroup.Curve25519));
    }
}
