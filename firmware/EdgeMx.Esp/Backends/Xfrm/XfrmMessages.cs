using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// Builds the XFRM netlink requests of the kernel backend (linux/xfrm.h, the same messages `ip xfrm` and strongSwan's
/// kernel-netlink send): XFRM_MSG_NEWSA with the algorithm, encapsulation and replay attributes, XFRM_MSG_DELSA,
/// XFRM_MSG_GETSA (counters), XFRM_MSG_NEWPOLICY with a tunnel template, XFRM_MSG_DELPOLICY. Layouts are in
/// <see cref="XfrmUapi"/>.
/// </summary>
public static class XfrmMessages
{
    public const ushort AfInet = 2;
    public const ushort AfInet6 = 10;

    /// <summary>XFRM_MSG_NEWSA: one direction of a CHILD_SA in tunnel mode.</summary>
    public static void NewSa(NetlinkMessageWriter writer, XfrmSaSpec sa)
    {
        sa.Keys.Validate(sa.Suite);
        writer.Begin(XfrmUapi.MsgNewSa, NetlinkFlags.Create | NetlinkFlags.Exclusive);
        var info = writer.Reserve(XfrmUapi.UsersaInfoSize);
        var family = Family(sa.Source, sa.Destination);
        // The selector stays empty except for its family: in tunnel mode the policies decide what the SA carries.
        BinaryPrimitives.WriteUInt16LittleEndian(info[(XfrmUapi.SaSelector + XfrmUapi.SelectorFamily)..], family);
        WriteAddress(info.Slice(XfrmUapi.SaId + XfrmUapi.IdDaddr, XfrmUapi.AddressSize), sa.Destination);
        BinaryPrimitives.WriteUInt32BigEndian(info[(XfrmUapi.SaId + XfrmUapi.IdSpi)..], sa.Spi);
        info[XfrmUapi.SaId + XfrmUapi.IdProto] = XfrmUapi.IpProtoEsp;
        WriteAddress(info.Slice(XfrmUapi.SaSaddr, XfrmUapi.AddressSize), sa.Source);
        WriteLifetime(info.Slice(XfrmUapi.SaLifetime, XfrmUapi.LifetimeConfigSize), sa.Lifetime);
        BinaryPrimitives.WriteUInt32LittleEndian(info[XfrmUapi.SaReqId..], sa.ReqId);
        BinaryPrimitives.WriteUInt16LittleEndian(info[XfrmUapi.SaFamily..], family);
        info[XfrmUapi.SaMode] = XfrmUapi.ModeTunnel;
        // With XFRMA_REPLAY_ESN_VAL the kernel insists that xfrm_usersa_info.replay_window is 0 (verify_replay).
        info[XfrmUapi.SaReplayWindow] = 0;
        info[XfrmUapi.SaFlags] = sa.ExtendedSequenceNumbers ? XfrmUapi.StateEsn : (byte)0;

        WriteAlgorithms(writer, sa.Suite, sa.Keys);
        if (sa.UdpEncapsulation is { } udp)
        {
            Span<byte> encap = stackalloc byte[XfrmUapi.EncapSize];
            encap.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(encap[XfrmUapi.EncapType..], XfrmUapi.UdpEncapEspInUdp);
            BinaryPrimitives.WriteUInt16BigEndian(encap[XfrmUapi.EncapSport..], udp.Source);
            BinaryPrimitives.WriteUInt16BigEndian(encap[XfrmUapi.EncapDport..], udp.Destination);
            writer.AddBytes(XfrmUapi.AttrEncap, encap);
        }
        // The large-window/ESN replay state (kernel 2.6.39+) for every window size, so 128+ packets work alike.
        var bitmapWords = Math.Max(1, (sa.ReplayWindow + 31) / 32);
        Span<byte> replay = stackalloc byte[XfrmUapi.ReplayEsnSize + bitmapWords * 4];
        replay.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(replay[XfrmUapi.ReplayEsnBitmapLength..], (uint)bitmapWords);
        BinaryPrimitives.WriteUInt32LittleEndian(replay[XfrmUapi.ReplayEsnWindow..], (uint)sa.ReplayWindow);
        writer.AddBytes(XfrmUapi.AttrReplayEsnValue, replay);
        writer.End();
    }

    /// <summary>XFRM_MSG_DELSA and XFRM_MSG_GETSA both name an SA by destination, SPI and protocol (xfrm_usersa_id).</summary>
    public static void DeleteSa(NetlinkMessageWriter writer, IPAddress destination, uint spi) =>
        SaId(writer, XfrmUapi.MsgDeleteSa, destination, spi);

    public static void GetSa(NetlinkMessageWriter writer, IPAddress destination, uint spi) =>
        SaId(writer, XfrmUapi.MsgGetSa, destination, spi);

    private static void SaId(NetlinkMessageWriter writer, ushort type, IPAddress destination, uint spi)
    {
        writer.Begin(type, NetlinkFlags.None);
        var id = writer.Reserve(XfrmUapi.UsersaIdSize);
        WriteAddress(id.Slice(XfrmUapi.SaIdDaddr, XfrmUapi.AddressSize), destination);
        BinaryPrimitives.WriteUInt32BigEndian(id[XfrmUapi.SaIdSpi..], spi);
        BinaryPrimitives.WriteUInt16LittleEndian(id[XfrmUapi.SaIdFamily..], Family(destination, destination));
        id[XfrmUapi.SaIdProto] = XfrmUapi.IpProtoEsp;
        writer.End();
    }

    /// <summary>XFRM_MSG_NEWPOLICY (or UPDPOLICY to replace): "protect" with one ESP tunnel-mode template.</summary>
    public static void NewPolicy(NetlinkMessageWriter writer, XfrmPolicySpec policy, bool update = false)
    {
        writer.Begin(update ? XfrmUapi.MsgUpdatePolicy : XfrmUapi.MsgNewPolicy,
            update ? NetlinkFlags.Create | NetlinkFlags.Replace : NetlinkFlags.Create | NetlinkFlags.Exclusive);
        var info = writer.Reserve(XfrmUapi.UserPolicyInfoSize);
        WriteSelector(info.Slice(XfrmUapi.PolicySelector, XfrmUapi.SelectorSize), policy);
        WriteLifetime(info.Slice(XfrmUapi.PolicyLifetime, XfrmUapi.LifetimeConfigSize), EspSaLifetime.Unlimited);
        BinaryPrimitives.WriteUInt32LittleEndian(info[XfrmUapi.PolicyPriority..], policy.Priority);
        info[XfrmUapi.PolicyDirection] = policy.Direction;
        info[XfrmUapi.PolicyAction] = XfrmUapi.PolicyAllow;

        Span<byte> template = stackalloc byte[XfrmUapi.UserTemplateSize];
        template.Clear();
        var family = Family(policy.TunnelSource, policy.TunnelDestination);
        WriteAddress(template.Slice(XfrmUapi.TemplateId + XfrmUapi.IdDaddr, XfrmUapi.AddressSize), policy.TunnelDestination);
        template[XfrmUapi.TemplateId + XfrmUapi.IdProto] = XfrmUapi.IpProtoEsp; // SPI 0: any SA of the reqid
        BinaryPrimitives.WriteUInt16LittleEndian(template[XfrmUapi.TemplateFamily..], family);
        WriteAddress(template.Slice(XfrmUapi.TemplateSaddr, XfrmUapi.AddressSize), policy.TunnelSource);
        BinaryPrimitives.WriteUInt32LittleEndian(template[XfrmUapi.TemplateReqId..], policy.ReqId);
        template[XfrmUapi.TemplateMode] = XfrmUapi.ModeTunnel;
        BinaryPrimitives.WriteUInt32LittleEndian(template[XfrmUapi.TemplateAuthAlgorithms..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(template[XfrmUapi.TemplateEncryptionAlgorithms..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(template[XfrmUapi.TemplateCompressionAlgorithms..], uint.MaxValue);
        writer.AddBytes(XfrmUapi.AttrTemplate, template);
        writer.End();
    }

    /// <summary>XFRM_MSG_DELPOLICY by selector and direction (xfrm_userpolicy_id, index 0).</summary>
    public static void DeletePolicy(NetlinkMessageWriter writer, XfrmPolicySpec policy)
    {
        writer.Begin(XfrmUapi.MsgDeletePolicy, NetlinkFlags.None);
        var id = writer.Reserve(XfrmUapi.UserPolicyIdSize);
        WriteSelector(id.Slice(XfrmUapi.PolicyIdSelector, XfrmUapi.SelectorSize), policy);
        id[XfrmUapi.PolicyIdDirection] = policy.Direction;
        writer.End();
    }

    /// <summary>The kernel's (crypto API) names of our transforms; GCM keys carry their 4-octet salt (RFC 4106 §8.1).</summary>
    public static string EncryptionName(EspEncryption encryption) => encryption switch
    {
        EspEncryption.AesGcm16 => "rfc4106(gcm(aes))",
        EspEncryption.AesCbc => "cbc(aes)",
        EspEncryption.TripleDesCbc => "cbc(des3_ede)",
        _ => throw new ArgumentOutOfRangeException(nameof(encryption), encryption, null),
    };

    public static string IntegrityName(EspIntegrity integrity) => integrity switch
    {
        EspIntegrity.HmacSha1_96 => "hmac(sha1)",
        EspIntegrity.HmacSha256_128 => "hmac(sha256)",
        EspIntegrity.HmacSha384_192 => "hmac(sha384)",
        EspIntegrity.HmacSha512_256 => "hmac(sha512)",
        _ => throw new ArgumentOutOfRangeException(nameof(integrity), integrity, null),
    };

    private static void WriteAlgorithms(NetlinkMessageWriter writer, EspCipherSuite suite, EspKeyMaterial keys)
    {
        if (suite.IsAead)
        {
            AddAlgorithm(writer, XfrmUapi.AttrAlgAead, XfrmUapi.AlgoAeadSize, EncryptionName(suite.Encryption), keys.EncryptionKey,
                (uint)suite.IcvSize * 8);
            return;
        }
        AddAlgorithm(writer, XfrmUapi.AttrAlgCrypt, XfrmUapi.AlgoSize, EncryptionName(suite.Encryption), keys.EncryptionKey, null);
        AddAlgorithm(writer, XfrmUapi.AttrAlgAuthTrunc, XfrmUapi.AlgoAuthSize, IntegrityName(suite.Integrity), keys.IntegrityKey,
            (uint)suite.IcvSize * 8);
    }

    // struct xfrm_algo{,_auth,_aead} { char alg_name[64]; __u32 alg_key_len /* bits */; [__u32 trunc/icv bits;] char key[]; }
    private static void AddAlgorithm(NetlinkMessageWriter writer, ushort type, int fixedSize, string name, ReadOnlySpan<byte> key, uint? extra)
    {
        var attribute = new byte[fixedSize + key.Length];
        try
        {
            var span = attribute.AsSpan();
            Encoding.ASCII.GetBytes(name, span[..(XfrmUapi.AlgorithmNameSize - 1)]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[XfrmUapi.AlgoKeyLength..], (uint)key.Length * 8);
            if (extra is { } bits) BinaryPrimitives.WriteUInt32LittleEndian(span[XfrmUapi.AlgoAuthTruncLength..], bits);
            key.CopyTo(span[fixedSize..]);
            writer.AddBytes(type, span);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(attribute);
        }
    }

    private static void WriteSelector(Span<byte> selector, XfrmPolicySpec policy)
    {
        var family = Family(policy.Source.BaseAddress, policy.Destination.BaseAddress);
        WriteAddress(selector.Slice(XfrmUapi.SelectorDaddr, XfrmUapi.AddressSize), policy.Destination.BaseAddress);
        WriteAddress(selector.Slice(XfrmUapi.SelectorSaddr, XfrmUapi.AddressSize), policy.Source.BaseAddress);
        BinaryPrimitives.WriteUInt16BigEndian(selector[XfrmUapi.SelectorDport..], policy.DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(selector[XfrmUapi.SelectorDportMask..], policy.DestinationPortMask);
        BinaryPrimitives.WriteUInt16BigEndian(selector[XfrmUapi.SelectorSport..], policy.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(selector[XfrmUapi.SelectorSportMask..], policy.SourcePortMask);
        BinaryPrimitives.WriteUInt16LittleEndian(selector[XfrmUapi.SelectorFamily..], family);
        selector[XfrmUapi.SelectorPrefixD] = (byte)policy.Destination.PrefixLength;
        selector[XfrmUapi.SelectorPrefixS] = (byte)policy.Source.PrefixLength;
        selector[XfrmUapi.SelectorProto] = policy.Protocol;
    }

    private static void WriteLifetime(Span<byte> lifetime, EspSaLifetime value)
    {
        static ulong Limit(long? v) => v is > 0 ? (ulong)v.Value : XfrmUapi.Infinity;
        static ulong Seconds(TimeSpan? v) => v is { } t && t > TimeSpan.Zero ? (ulong)Math.Ceiling(t.TotalSeconds) : 0; // 0 = none
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[XfrmUapi.LifetimeSoftBytes..], Limit(value.SoftBytes));
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[XfrmUapi.LifetimeHardBytes..], Limit(value.HardBytes));
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[XfrmUapi.LifetimeSoftPackets..], Limit(value.SoftPackets));
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[XfrmUapi.LifetimeHardPackets..], Limit(value.HardPackets));
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[XfrmUapi.LifetimeSoftAddSeconds..], Seconds(value.SoftTime));
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[XfrmUapi.LifetimeHardAddSeconds..], Seconds(value.HardTime));
    }

    private static void WriteAddress(Span<byte> target, IPAddress address)
    {
        target.Clear();
        if (!address.TryWriteBytes(target, out _)) throw new ArgumentException($"{address} does not fit xfrm_address_t");
    }

    private static ushort Family(IPAddress a, IPAddress b)
    {
        if (a.AddressFamily != b.AddressFamily) throw new ArgumentException($"{a} and {b} are of different address families");
        return a.AddressFamily switch
        {
            AddressFamily.InterNetwork => AfInet,
            AddressFamily.InterNetworkV6 => AfInet6,
            _ => throw new ArgumentException($"{a} is neither IPv4 nor IPv6"),
        };
    }
}
