namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// The parts of linux/xfrm.h the kernel backend speaks: message types, attribute types, constants, and the sizes and
/// field offsets of the fixed structures (identical on x86-64 and arm64; every one is asserted against the kernel
/// uapi headers with gcc in the tests). Multi-byte fields are host order except SPIs and ports (network order).
/// </summary>
public static class XfrmUapi
{
    // enum { XFRM_MSG_BASE = 0x10, ... }
    public const ushort MsgNewSa = 0x10;
    public const ushort MsgDeleteSa = 0x11;
    public const ushort MsgGetSa = 0x12;
    public const ushort MsgNewPolicy = 0x13;
    public const ushort MsgDeletePolicy = 0x14;
    public const ushort MsgGetPolicy = 0x15;
    public const ushort MsgExpire = 0x18;
    public const ushort MsgUpdatePolicy = 0x19;
    public const ushort MsgUpdateSa = 0x1a;

    // enum xfrm_attr_type_t
    public const ushort AttrAlgAuth = 1;
    public const ushort AttrAlgCrypt = 2;
    public const ushort AttrEncap = 4;
    public const ushort AttrTemplate = 5;
    public const ushort AttrReplayValue = 10;
    public const ushort AttrAlgAead = 18;
    public const ushort AttrAlgAuthTrunc = 20;
    public const ushort AttrReplayEsnValue = 23;

    /// <summary>XFRMNLGRP_EXPIRE: soft and hard expiries of SAs (struct xfrm_user_expire).</summary>
    public const int GroupExpire = 2;

    public const byte ModeTunnel = 1;          // XFRM_MODE_TUNNEL
    public const byte PolicyIn = 0;            // XFRM_POLICY_IN
    public const byte PolicyOut = 1;           // XFRM_POLICY_OUT
    public const byte PolicyForward = 2;       // XFRM_POLICY_FWD
    public const byte PolicyAllow = 0;         // XFRM_POLICY_ALLOW
    public const byte StateEsn = 128;          // XFRM_STATE_ESN
    public const ushort UdpEncapEspInUdp = 2;  // UDP_ENCAP_ESPINUDP (linux/udp.h, RFC 3948)
    public const ulong Infinity = ulong.MaxValue; // XFRM_INF
    public const byte IpProtoEsp = 50;

    /// <summary>sizeof(xfrm_address_t): an IPv4 address uses the first 4 bytes.</summary>
    public const int AddressSize = 16;

    // struct xfrm_selector
    public const int SelectorSize = 56;
    public const int SelectorDaddr = 0;
    public const int SelectorSaddr = 16;
    public const int SelectorDport = 32;
    public const int SelectorDportMask = 34;
    public const int SelectorSport = 36;
    public const int SelectorSportMask = 38;
    public const int SelectorFamily = 40;
    public const int SelectorPrefixD = 42;
    public const int SelectorPrefixS = 43;
    public const int SelectorProto = 44;

    // struct xfrm_id
    public const int IdSize = 24;
    public const int IdDaddr = 0;
    public const int IdSpi = 16;
    public const int IdProto = 20;

    // struct xfrm_lifetime_cfg (eight __u64) and xfrm_lifetime_cur (four __u64)
    public const int LifetimeConfigSize = 64;
    public const int LifetimeSoftBytes = 0;
    public const int LifetimeHardBytes = 8;
    public const int LifetimeSoftPackets = 16;
    public const int LifetimeHardPackets = 24;
    public const int LifetimeSoftAddSeconds = 32;
    public const int LifetimeHardAddSeconds = 40;
    public const int LifetimeCurrentSize = 32;
    public const int CurrentBytes = 0;
    public const int CurrentPackets = 8;
    public const int CurrentAddTime = 16;

    // struct xfrm_stats
    public const int StatsSize = 12;
    public const int StatsReplayWindow = 0;
    public const int StatsReplay = 4;
    public const int StatsIntegrityFailed = 8;

    // struct xfrm_usersa_info
    public const int UsersaInfoSize = 224;
    public const int SaSelector = 0;
    public const int SaId = 56;
    public const int SaSaddr = 80;
    public const int SaLifetime = 96;
    public const int SaCurrent = 160;
    public const int SaStats = 192;
    public const int SaSequence = 204;
    public const int SaReqId = 208;
    public const int SaFamily = 212;
    public const int SaMode = 214;
    public const int SaReplayWindow = 215;
    public const int SaFlags = 216;

    // struct xfrm_usersa_id
    public const int UsersaIdSize = 24;
    public const int SaIdDaddr = 0;
    public const int SaIdSpi = 16;
    public const int SaIdFamily = 20;
    public const int SaIdProto = 22;

    // struct xfrm_userpolicy_info
    public const int UserPolicyInfoSize = 168;
    public const int PolicySelector = 0;
    public const int PolicyLifetime = 56;
    public const int PolicyCurrent = 120;
    public const int PolicyPriority = 152;
    public const int PolicyIndex = 156;
    public const int PolicyDirection = 160;
    public const int PolicyAction = 161;
    public const int PolicyFlags = 162;
    public const int PolicyShare = 163;

    // struct xfrm_userpolicy_id
    public const int UserPolicyIdSize = 64;
    public const int PolicyIdSelector = 0;
    public const int PolicyIdIndex = 56;
    public const int PolicyIdDirection = 60;

    // struct xfrm_user_tmpl
    public const int UserTemplateSize = 64;
    public const int TemplateId = 0;
    public const int TemplateFamily = 24;
    public const int TemplateSaddr = 28;
    public const int TemplateReqId = 44;
    public const int TemplateMode = 48;
    public const int TemplateShare = 49;
    public const int TemplateOptional = 50;
    public const int TemplateAuthAlgorithms = 52;
    public const int TemplateEncryptionAlgorithms = 56;
    public const int TemplateCompressionAlgorithms = 60;

    // struct xfrm_encap_tmpl
    public const int EncapSize = 24;
    public const int EncapType = 0;
    public const int EncapSport = 2;
    public const int EncapDport = 4;
    public const int EncapOriginalAddress = 8;

    // struct xfrm_algo / xfrm_algo_auth / xfrm_algo_aead (key bytes follow the fixed part)
    public const int AlgorithmNameSize = 64;
    public const int AlgoSize = 68;
    public const int AlgoAuthSize = 72;
    public const int AlgoAeadSize = 72;
    public const int AlgoKeyLength = 64;
    public const int AlgoAuthTruncLength = 68;
    public const int AlgoAeadIcvLength = 68;

    // struct xfrm_replay_state_esn (bmp[] follows) and struct xfrm_replay_state
    public const int ReplayEsnSize = 24;
    public const int ReplayEsnBitmapLength = 0;
    public const int ReplayEsnOutboundSequence = 4;
    public const int ReplayEsnSequence = 8;
    public const int ReplayEsnOutboundSequenceHigh = 12;
    public const int ReplayEsnSequenceHigh = 16;
    public const int ReplayEsnWindow = 20;
    public const int ReplayStateSize = 12;
    public const int ReplayStateOutboundSequence = 0;
    public const int ReplayStateSequence = 4;

    // struct xfrm_user_expire
    public const int UserExpireSize = 232;
    public const int ExpireHard = 224;
}
