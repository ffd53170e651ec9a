using System.Numerics;
using System.Security.Cryptography;
using EdgeMx.Hal.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Crypto;

public partial class KnownAnswerTests
{
    public static TheoryData<string, KeyExchangeGroup, string, string, string, string, string> EcpCases()
    {
        var data = new TheoryData<string, KeyExchangeGroup, string, string, string, string, string>();
        foreach (var p in Providers.All.Keys)
        {
            // RFC 5903 §8.1: i, gi (x||y), r, gr, girx.
            data.Add(p, KeyExchangeGroup.Ecp256,
                "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
                "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180" +
                "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
                "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
                "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63" +
                "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
                "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE");
            // RFC 5903 §8.2.
            data.Add(p, KeyExchangeGroup.Ecp384,
                "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194",
                "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA" +
                "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C",
                "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC",
                "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571" +
                "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C",
                "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EcpCases))]
    public void Ecp_matches_rfc5903_in_both_directions(string provider, KeyExchangeGroup group, string i, string gi,
        string r, string gr, string girx)
    {
        var p = Providers.Create(provider);
        using var initiator = p.CreateKeyExchange(group, Hex.Parse(i));
        using var responder = p.CreateKeyExchange(group, Hex.Parse(r));
        Assert.Equal(gi.ToLowerInvariant(), Hex.Format(initiator.PublicKey));
        Assert.Equal(gr.ToLowerInvariant(), Hex.Format(responder.PublicKey));
        Assert.Equal(girx.ToLowerInvariant(), Hex.Format(initiator.DeriveSharedSecret(Hex.Parse(gr))));
        Assert.Equal(girx.ToLowerInvariant(), Hex.Format(responder.DeriveSharedSecret(Hex.Parse(gi))));
    }

    public static TheoryData<string, KeyExchangeGroup> EcpGroups()
    {
        var data = new TheoryData<string, KeyExchangeGroup>();
        foreach (var p in Providers.All.Keys)
        {
            data.Add(p, KeyExchangeGroup.Ecp256);
            data.Add(p, KeyExchangeGroup.Ecp384);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EcpGroups))]
    public void Ecp_refuses_points_off_the_curve_out_of_range_or_badly_sized(string provider, KeyExchangeGroup group)
    {
        var curve = EcpCurve.Get(group);
        using var ke = Providers.Create(provider).CreateKeyExchange(group);
        using var other = Providers.Create(provider).CreateKeyExchange(group);
        var good = other.PublicKey.ToArray();
        Assert.Equal(2 * curve.Length, good.Length);
        Assert.Equal(curve.Length, ke.DeriveSharedSecret(good).Length);

        var offCurve = good.ToArray();
        offCurve[^1] ^= 0x01;
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(offCurve));
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(new byte[2 * curve.Length])); // "infinity"
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(good.AsSpan(1)));
        Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret([0x04, .. good])); // SEC1 prefix is not IKE's encoding

        // x + p names the same field element as x but is not a valid encoding: refused.
        var x = new BigInteger(good.AsSpan(0, curve.Length), isUnsigned: true, isBigEndian: true) + curve.Prime;
        if (x.GetByteCount(isUnsigned: true) <= curve.Length)
        {
            var aliased = good.ToArray();
            x.TryWriteBytes(aliased.AsSpan(0, curve.Length), out _, isUnsigned: true, isBigEndian: true);
            Assert.Throws<CryptographicException>(() => ke.DeriveSharedSecret(aliased));
        }
    }

    [Theory]
    [MemberData(nameof(EcpGroups))]
    public void Ecp_refuses_private_keys_outside_1_to_n_minus_1(string provider, KeyExchangeGroup group)
    {
        var curve = EcpCurve.Get(group);
        var p = Providers.Create(provider);
        Assert.Throws<CryptographicException>(() => p.CreateKeyExchange(group, new byte[curve.Length]));
        var n = new byte[curve.Length];
        curve.Order.TryWriteBytes(n, out _, isUnsigned: true, isBigEndian: true);
        Assert.Throws<CryptographicException>(() => p.CreateKeyExchange(group, n));
        Assert.Throws<CryptographicException>(() => p.CreateKeyExchange(group, new byte[curve.Length - 1]));
    }
}
