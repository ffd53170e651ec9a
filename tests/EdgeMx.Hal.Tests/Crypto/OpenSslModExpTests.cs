using System.Numerics;
using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>
/// The platform provider's MODP exponentiations are libcrypto's constant-time Montgomery modexp; these check it is in
/// use here and agrees with <see cref="BigInteger.ModPow"/> (the fallback) on every group, including results that need
/// left padding. The known-answer and cross-provider tests check the key exchange built on it.
/// </summary>
public class OpenSslModExpTests
{
    [Fact]
    public void Is_in_use_on_this_machine() => Assert.True(OpenSslModExp.IsAvailable);

    [Theory]
    [InlineData(KeyExchangeGroup.Modp1024)]
    [InlineData(KeyExchangeGroup.Modp2048)]
    [InlineData(KeyExchangeGroup.Modp3072)]
    public void Agrees_with_BigInteger_ModPow_on_random_inputs(KeyExchangeGroup group)
    {
        var modp = ModpGroup.Get(group);
        var exponent = new byte[ModpGroup.PrivateExponentBits / 8];
        var @base = new byte[modp.Length];
        for (var i = 0; i < 40; i++)
        {
            RandomNumberGenerator.Fill(exponent);
            RandomNumberGenerator.Fill(@base);
            @base[0] &= 0x7F; // below the prime (its top bits are all ones)
            var expected = BigInteger.ModPow(new BigInteger(@base, isUnsigned: true, isBigEndian: true),
                new BigInteger(exponent, isUnsigned: true, isBigEndian: true), modp.Prime);
            var actual = OpenSslModExp.Power(@base, exponent, modp.PrimeBytes, modp.Length);
            Assert.Equal(modp.Length, actual.Length);
            Assert.Equal(expected, new BigInteger(actual, isUnsigned: true, isBigEndian: true));
        }
    }

    [Fact]
    public void Pads_a_short_result_to_the_requested_length() =>
        Assert.Equal([0, 0, 0, 8], OpenSslModExp.Power([2], [3], [0x0B], 4)); // 2^3 mod 11 = 8

    [Fact]
    public void The_key_exchange_agrees_with_itself_across_two_parties()
    {
        using var a = new PlatformCryptoProvider().CreateKeyExchange(KeyExchangeGroup.Modp2048);
        using var b = new PlatformCryptoProvider().CreateKeyExchange(KeyExchangeGroup.Modp2048);
        Assert.Equal(a.DeriveSharedSecret(b.PublicKey), b.DeriveSharedSecret(a.PublicKey));
    }
}
