using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Crypto;

namespace EdgeMx.Ike.Exchanges;

/// <summary>Turns a finished key exchange into the IKE SA's keys and SK protection (RFC 7296 §2.14, §2.18).</summary>
internal static class IkeKeying
{
    /// <summary>Initial IKE SA: SKEYSEED from the nonces and g^ir.</summary>
    public static void DeriveInitial(IkeSa sa, SelectedProposal proposal, byte[] sharedSecret)
    {
        var crypto = sa.Engine.Crypto;
        var skeySeed = KeyDerivation.SkeySeed(crypto, proposal.Prf!, sa.NonceI, sa.NonceR, sharedSecret);
        Install(sa, proposal, skeySeed);
        Array.Clear(sharedSecret);
    }

    /// <summary>Rekeyed IKE SA: SKEYSEED from the old SA's SK_d with the old PRF, then prf+ with the new PRF.</summary>
    public static void DeriveRekeyed(IkeSa newSa, IkeSa oldSa, SelectedProposal proposal, byte[] sharedSecret)
    {
        var crypto = newSa.Engine.Crypto;
        var skeySeed = KeyDerivation.RekeySkeySeed(crypto, oldSa.Proposal!.Prf!, oldSa.Keys!.SkD, sharedSecret,
            newSa.NonceI, newSa.NonceR);
        Install(newSa, proposal, skeySeed);
        Array.Clear(sharedSecret);
    }

    private static void Install(IkeSa sa, SelectedProposal proposal, byte[] skeySeed)
    {
        var crypto = sa.Engine.Crypto;
        sa.Proposal = proposal;
        sa.Keys = KeyDerivation.IkeSaKeys(crypto, proposal, skeySeed, sa.NonceI, sa.NonceR, sa.SpiI, sa.SpiR);
        sa.Protection = new IkeMessageProtection(crypto, proposal, sa.Keys, sa.IsOriginalInitiator);
        Array.Clear(skeySeed);
    }

    /// <summary>Runs the KE and returns g^ir, or null (with the reason) when the peer's value is not acceptable.</summary>
    public static byte[]? SharedSecret(IKeyExchange keyExchange, KeyExchangeTransform group, byte[] peerValue, out string? problem)
    {
        problem = null;
        if (peerValue.Length != group.PublicKeySize)
        {
            problem = $"KE payload of {peerValue.Length} octets for {group.Name} (expected {group.PublicKeySize})";
            return null;
        }
        try
        {
            return keyExchange.DeriveSharedSecret(peerValue);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            problem = $"invalid {group.Name} public value: {e.Message}";
            return null;
        }
    }
}
