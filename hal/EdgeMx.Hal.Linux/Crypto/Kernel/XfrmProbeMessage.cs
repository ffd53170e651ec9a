using System.Buffers.Binary;
using System.Text;

namespace EdgeMx.Hal.Linux.Crypto.Kernel;

/// <summary>
/// The netlink messages the offload probe sends: XFRM_MSG_NEWSA for a transport-mode ESP SA (linux/xfrm.h), either
/// with AES-CBC + HMAC-SHA-256-128 (the baseline: XFRMA_ALG_CRYPT + XFRMA_ALG_AUTH_TRUNC) or with rfc4106(gcm(aes))
/// (XFRMA_ALG_AEAD). Layout on x86-64 and arm64, asserted against the kernel headers in the tests:
/// <code>
///  0  nlmsghdr           16  len, type = XFRM_MSG_NEWSA (16), flags = REQUEST|ACK, seq, pid
/// 16  xfrm_usersa_info  224  sel(56: family @40) id(24: daddr, spi @16 BE, proto @20) saddr(16)
///                            lft(64, all XFRM_INF) curlft(32) stats(12) seq reqid family @212 mode @214 ...
/// 240 attributes             nlattr(4) + xfrm_algo(68)+key | xfrm_algo_auth(72)+key | xfrm_algo_aead(72)+key
/// </code>
/// The kernel validates the algorithm names first (ENOSYS when its crypto API lacks one) and the ESP type after
/// (EPROTONOSUPPORT when there is no esp4), which is what lets one request tell the two apart.
/// </summary>
internal static class XfrmProbeMessage
{
    public enum Algorithms
    {
        /// <summary>cbc(aes) 128 + hmac(sha256) truncated to 128 bits (RFC 3602, RFC 4868).</summary>
        CbcHmacSha256,

        /// <summary>rfc4106(gcm(aes)) 128 with a 16-byte ICV (RFC 4106).</summary>
        Gcm,
    }

    public const int NlMsgHeaderSize = 16;
    public const int UsersaInfoSize = 224;
    public const int AlgoSize = 68;
    public const int AlgoAuthSize = 72;
    public const int AlgoAeadSize = 72;
    public const int AlgorithmNameSize = 64;

    public const ushort XFRM_MSG_NEWSA = 16;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLM_F_REQUEST = 1;
    public const ushort NLM_F_ACK = 4;
    public const ushort XFRMA_ALG_CRYPT = 2;
    public const ushort XFRMA_ALG_AEAD = 18;
    public const ushort XFRMA_ALG_AUTH_TRUNC = 20;
    public const byte IPPROTO_ESP = 50;
    public const ushort AF_INET = 2;

    // xfrm_usersa_info offsets
    public const int SelectorFamily = 40;
    public const int IdDaddr = 56;
    public const int IdSpi = 56 + 16;
    public const int IdProto = 56 + 20;
    public const int Saddr = 80;
    public const int Lifetime = 96;
    public const int Family = 212;
    public const int Mode = 214;

    public static byte[] Build(uint spi, uint sequence, Algorithms algorithms)
    {
        var attributes = algorithms == Algorithms.Gcm
            ? [Attribute(XFRMA_ALG_AEAD, AlgoAeadSize, "rfc4106(gcm(aes))", keyBytes: 20, extra: 128)]
            : new[]
            {
                Attribute(XFRMA_ALG_CRYPT, AlgoSize, "cbc(aes)", keyBytes: 16, extra: null),
                Attribute(XFRMA_ALG_AUTH_TRUNC, AlgoAuthSize, "hmac(sha256)", keyBytes: 32, extra: 128),
            };
        var size = NlMsgHeaderSize + UsersaInfoSize + attributes.Sum(a => a.Length);
        var message = new byte[size];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], XFRM_MSG_NEWSA);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], NLM_F_REQUEST | NLM_F_ACK);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], sequence);

        var sa = span.Slice(NlMsgHeaderSize, UsersaInfoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(sa[SelectorFamily..], AF_INET);
        byte[] src = [192, 0, 2, 1], dst = [192, 0, 2, 2]; // RFC 5737 documentation addresses, in a scratch netns
        dst.CopyTo(sa[IdDaddr..]);
        BinaryPrimitives.WriteUInt32BigEndian(sa[IdSpi..], spi);
        sa[IdProto] = IPPROTO_ESP;
        src.CopyTo(sa[Saddr..]);
        sa.Slice(Lifetime, 64).Fill(0xFF); // XFRM_INF for every byte/packet/time limit
        BinaryPrimitives.WriteUInt16LittleEndian(sa[Family..], AF_INET);
        sa[Mode] = 0; // XFRM_MODE_TRANSPORT

        var offset = NlMsgHeaderSize + UsersaInfoSize;
        foreach (var attribute in attributes)
        {
            attribute.CopyTo(span[offset..]);
            offset += attribute.Length;
        }
        return message;
    }

    // nlattr(len, type) + struct xfrm_algo*{ alg_name[64], alg_key_len (bits), [alg_trunc_len | alg_icv_len] } + key.
    private static byte[] Attribute(ushort type, int structSize, string name, int keyBytes, uint? extra)
    {
        var length = 4 + structSize + keyBytes; // every size used here is a multiple of 4 (NLA_ALIGNTO)
        var attribute = new byte[length];
        var span = attribute.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], type);
        var algo = span[4..];
        Encoding.ASCII.GetBytes(name).CopyTo(algo);
        BinaryPrimitives.WriteUInt32LittleEndian(algo[AlgorithmNameSize..], (uint)keyBytes * 8);
        if (extra is { } value) BinaryPrimitives.WriteUInt32LittleEndian(algo[(AlgorithmNameSize + 4)..], value);
        for (var i = 0; i < keyBytes; i++) algo[structSize + i] = (byte)(0x11 * (i % 15 + 1)); // any key will do
        return attribute;
    }

    /// <summary>The errno of an NLMSG_ERROR reply (0 = ACK), or null when the reply is something else or truncated.</summary>
    public static int? ReadAck(ReadOnlySpan<byte> reply, uint sequence)
    {
        if (reply.Length < NlMsgHeaderSize + 4) return null;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(reply);
        if (length < NlMsgHeaderSize + 4 || length > reply.Length) return null;
        if (BinaryPrimitives.ReadUInt16LittleEndian(reply[4..]) != NLMSG_ERROR) return null;
        if (BinaryPrimitives.ReadUInt32LittleEndian(reply[8..]) != sequence) return null;
        return -BinaryPrimitives.ReadInt32LittleEndian(reply[NlMsgHeaderSize..]);
    }
}
