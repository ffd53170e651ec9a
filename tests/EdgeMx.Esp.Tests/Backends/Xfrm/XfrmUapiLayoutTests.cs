using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Hal.Tests.Native;

namespace EdgeMx.Esp.Tests.Backends.Xfrm;

/// <summary>
/// Every XFRM layout and constant the kernel backend uses, against this machine's linux/xfrm.h (gcc prints
/// sizeof/offsetof and the macro values): a wrong offset would install wrong SAs on the boards, where it cannot be
/// seen until traffic fails.
/// </summary>
public class XfrmUapiLayoutTests
{
    private const string Includes = "#include <sys/socket.h>\n#include <linux/netlink.h>\n#include <linux/xfrm.h>\n#include <linux/udp.h>\n#include <linux/in.h>";

    private static readonly (string C, long Ours)[] Expectations =
    [
        ("XFRM_MSG_NEWSA", XfrmUapi.MsgNewSa), ("XFRM_MSG_DELSA", XfrmUapi.MsgDeleteSa), ("XFRM_MSG_GETSA", XfrmUapi.MsgGetSa),
        ("XFRM_MSG_NEWPOLICY", XfrmUapi.MsgNewPolicy), ("XFRM_MSG_DELPOLICY", XfrmUapi.MsgDeletePolicy),
        ("XFRM_MSG_GETPOLICY", XfrmUapi.MsgGetPolicy), ("XFRM_MSG_EXPIRE", XfrmUapi.MsgExpire),
        ("XFRM_MSG_UPDPOLICY", XfrmUapi.MsgUpdatePolicy), ("XFRM_MSG_UPDSA", XfrmUapi.MsgUpdateSa),
        ("XFRMA_ALG_AUTH", XfrmUapi.AttrAlgAuth), ("XFRMA_ALG_CRYPT", XfrmUapi.AttrAlgCrypt), ("XFRMA_ENCAP", XfrmUapi.AttrEncap),
        ("XFRMA_TMPL", XfrmUapi.AttrTemplate), ("XFRMA_REPLAY_VAL", XfrmUapi.AttrReplayValue), ("XFRMA_ALG_AEAD", XfrmUapi.AttrAlgAead),
        ("XFRMA_ALG_AUTH_TRUNC", XfrmUapi.AttrAlgAuthTrunc), ("XFRMA_REPLAY_ESN_VAL", XfrmUapi.AttrReplayEsnValue),
        ("XFRMNLGRP_EXPIRE", XfrmUapi.GroupExpire), ("NETLINK_XFRM", EdgeMx.Net.Netlink.NetlinkSocket.NetlinkXfrm),
        ("XFRM_MODE_TUNNEL", XfrmUapi.ModeTunnel), ("XFRM_POLICY_IN", XfrmUapi.PolicyIn), ("XFRM_POLICY_OUT", XfrmUapi.PolicyOut),
        ("XFRM_POLICY_FWD", XfrmUapi.PolicyForward), ("XFRM_POLICY_ALLOW", XfrmUapi.PolicyAllow), ("XFRM_STATE_ESN", XfrmUapi.StateEsn),
        ("UDP_ENCAP_ESPINUDP", XfrmUapi.UdpEncapEspInUdp), ("UDP_ENCAP", XfrmUdpEncapsulation.UdpEncap), ("IPPROTO_UDP", XfrmUdpEncapsulation.SolUdp), ("IPPROTO_ESP", XfrmUapi.IpProtoEsp),
        ("(long long)XFRM_INF", unchecked((long)XfrmUapi.Infinity)), ("AF_INET", XfrmMessages.AfInet), ("AF_INET6", XfrmMessages.AfInet6),

        ("sizeof(xfrm_address_t)", XfrmUapi.AddressSize),
        ("sizeof(struct xfrm_selector)", XfrmUapi.SelectorSize),
        ("offsetof(struct xfrm_selector, daddr)", XfrmUapi.SelectorDaddr),
        ("offsetof(struct xfrm_selector, saddr)", XfrmUapi.SelectorSaddr),
        ("offsetof(struct xfrm_selector, dport)", XfrmUapi.SelectorDport),
        ("offsetof(struct xfrm_selector, dport_mask)", XfrmUapi.SelectorDportMask),
        ("offsetof(struct xfrm_selector, sport)", XfrmUapi.SelectorSport),
        ("offsetof(struct xfrm_selector, sport_mask)", XfrmUapi.SelectorSportMask),
        ("offsetof(struct xfrm_selector, family)", XfrmUapi.SelectorFamily),
        ("offsetof(struct xfrm_selector, prefixlen_d)", XfrmUapi.SelectorPrefixD),
        ("offsetof(struct xfrm_selector, prefixlen_s)", XfrmUapi.SelectorPrefixS),
        ("offsetof(struct xfrm_selector, proto)", XfrmUapi.SelectorProto),

        ("sizeof(struct xfrm_id)", XfrmUapi.IdSize),
        ("offsetof(struct xfrm_id, daddr)", XfrmUapi.IdDaddr),
        ("offsetof(struct xfrm_id, spi)", XfrmUapi.IdSpi),
        ("offsetof(struct xfrm_id, proto)", XfrmUapi.IdProto),

        ("sizeof(struct xfrm_lifetime_cfg)", XfrmUapi.LifetimeConfigSize),
        ("offsetof(struct xfrm_lifetime_cfg, soft_byte_limit)", XfrmUapi.LifetimeSoftBytes),
        ("offsetof(struct xfrm_lifetime_cfg, hard_byte_limit)", XfrmUapi.LifetimeHardBytes),
        ("offsetof(struct xfrm_lifetime_cfg, soft_packet_limit)", XfrmUapi.LifetimeSoftPackets),
        ("offsetof(struct xfrm_lifetime_cfg, hard_packet_limit)", XfrmUapi.LifetimeHardPackets),
        ("offsetof(struct xfrm_lifetime_cfg, soft_add_expires_seconds)", XfrmUapi.LifetimeSoftAddSeconds),
        ("offsetof(struct xfrm_lifetime_cfg, hard_add_expires_seconds)", XfrmUapi.LifetimeHardAddSeconds),
        ("sizeof(struct xfrm_lifetime_cur)", XfrmUapi.LifetimeCurrentSize),
        ("offsetof(struct xfrm_lifetime_cur, bytes)", XfrmUapi.CurrentBytes),
        ("offsetof(struct xfrm_lifetime_cur, packets)", XfrmUapi.CurrentPackets),
        ("offsetof(struct xfrm_lifetime_cur, add_time)", XfrmUapi.CurrentAddTime),
        ("sizeof(struct xfrm_stats)", XfrmUapi.StatsSize),
        ("offsetof(struct xfrm_stats, replay_window)", XfrmUapi.StatsReplayWindow),
        ("offsetof(struct xfrm_stats, replay)", XfrmUapi.StatsReplay),
        ("offsetof(struct xfrm_stats, integrity_failed)", XfrmUapi.StatsIntegrityFailed),

        ("sizeof(struct xfrm_usersa_info)", XfrmUapi.UsersaInfoSize),
        ("offsetof(struct xfrm_usersa_info, sel)", XfrmUapi.SaSelector),
        ("offsetof(struct xfrm_usersa_info, id)", XfrmUapi.SaId),
        ("offsetof(struct xfrm_usersa_info, saddr)", XfrmUapi.SaSaddr),
        ("offsetof(struct xfrm_usersa_info, lft)", XfrmUapi.SaLifetime),
        ("offsetof(struct xfrm_usersa_info, curlft)", XfrmUapi.SaCurrent),
        ("offsetof(struct xfrm_usersa_info, stats)", XfrmUapi.SaStats),
        ("offsetof(struct xfrm_usersa_info, seq)", XfrmUapi.SaSequence),
        ("offsetof(struct xfrm_usersa_info, reqid)", XfrmUapi.SaReqId),
        ("offsetof(struct xfrm_usersa_info, family)", XfrmUapi.SaFamily),
        ("offsetof(struct xfrm_usersa_info, mode)", XfrmUapi.SaMode),
        ("offsetof(struct xfrm_usersa_info, replay_window)", XfrmUapi.SaReplayWindow),
        ("offsetof(struct xfrm_usersa_info, flags)", XfrmUapi.SaFlags),

        ("sizeof(struct xfrm_usersa_id)", XfrmUapi.UsersaIdSize),
        ("offsetof(struct xfrm_usersa_id, daddr)", XfrmUapi.SaIdDaddr),
        ("offsetof(struct xfrm_usersa_id, spi)", XfrmUapi.SaIdSpi),
        ("offsetof(struct xfrm_usersa_id, family)", XfrmUapi.SaIdFamily),
        ("offsetof(struct xfrm_usersa_id, proto)", XfrmUapi.SaIdProto),

        ("sizeof(struct xfrm_userpolicy_info)", XfrmUapi.UserPolicyInfoSize),
        ("offsetof(struct xfrm_userpolicy_info, sel)", XfrmUapi.PolicySelector),
        ("offsetof(struct xfrm_userpolicy_info, lft)", XfrmUapi.PolicyLifetime),
        ("offsetof(struct xfrm_userpolicy_info, curlft)", XfrmUapi.PolicyCurrent),
        ("offsetof(struct xfrm_userpolicy_info, priority)", XfrmUapi.PolicyPriority),
        ("offsetof(struct xfrm_userpolicy_info, index)", XfrmUapi.PolicyIndex),
        ("offsetof(struct xfrm_userpolicy_info, dir)", XfrmUapi.PolicyDirection),
        ("offsetof(struct xfrm_userpolicy_info, action)", XfrmUapi.PolicyAction),
        ("offsetof(struct xfrm_userpolicy_info, flags)", XfrmUapi.PolicyFlags),
        ("offsetof(struct xfrm_userpolicy_info, share)", XfrmUapi.PolicyShare),

        ("sizeof(struct xfrm_userpolicy_id)", XfrmUapi.UserPolicyIdSize),
        ("offsetof(struct xfrm_userpolicy_id, sel)", XfrmUapi.PolicyIdSelector),
        ("offsetof(struct xfrm_userpolicy_id, index)", XfrmUapi.PolicyIdIndex),
        ("offsetof(struct xfrm_userpolicy_id, dir)", XfrmUapi.PolicyIdDirection),

        ("sizeof(struct xfrm_user_tmpl)", XfrmUapi.UserTemplateSize),
        ("offsetof(struct xfrm_user_tmpl, id)", XfrmUapi.TemplateId),
        ("offsetof(struct xfrm_user_tmpl, family)", XfrmUapi.TemplateFamily),
        ("offsetof(struct xfrm_user_tmpl, saddr)", XfrmUapi.TemplateSaddr),
        ("offsetof(struct xfrm_user_tmpl, reqid)", XfrmUapi.TemplateReqId),
        ("offsetof(struct xfrm_user_tmpl, mode)", XfrmUapi.TemplateMode),
        ("offsetof(struct xfrm_user_tmpl, share)", XfrmUapi.TemplateShare),
        ("offsetof(struct xfrm_user_tmpl, optional)", XfrmUapi.TemplateOptional),
        ("offsetof(struct xfrm_user_tmpl, aalgos)", XfrmUapi.TemplateAuthAlgorithms),
        ("offsetof(struct xfrm_user_tmpl, ealgos)", XfrmUapi.TemplateEncryptionAlgorithms),
        ("offsetof(struct xfrm_user_tmpl, calgos)", XfrmUapi.TemplateCompressionAlgorithms),

        ("sizeof(struct xfrm_encap_tmpl)", XfrmUapi.EncapSize),
        ("offsetof(struct xfrm_encap_tmpl, encap_type)", XfrmUapi.EncapType),
        ("offsetof(struct xfrm_encap_tmpl, encap_sport)", XfrmUapi.EncapSport),
        ("offsetof(struct xfrm_encap_tmpl, encap_dport)", XfrmUapi.EncapDport),
        ("offsetof(struct xfrm_encap_tmpl, encap_oa)", XfrmUapi.EncapOriginalAddress),

        ("sizeof(struct xfrm_algo)", XfrmUapi.AlgoSize),
        ("sizeof(struct xfrm_algo_auth)", XfrmUapi.AlgoAuthSize),
        ("sizeof(struct xfrm_algo_aead)", XfrmUapi.AlgoAeadSize),
        ("sizeof(((struct xfrm_algo *)0)->alg_name)", XfrmUapi.AlgorithmNameSize),
        ("offsetof(struct xfrm_algo, alg_key_len)", XfrmUapi.AlgoKeyLength),
        ("offsetof(struct xfrm_algo, alg_key)", XfrmUapi.AlgoSize),
        ("offsetof(struct xfrm_algo_auth, alg_key_len)", XfrmUapi.AlgoKeyLength),
        ("offsetof(struct xfrm_algo_auth, alg_trunc_len)", XfrmUapi.AlgoAuthTruncLength),
        ("offsetof(struct xfrm_algo_auth, alg_key)", XfrmUapi.AlgoAuthSize),
        ("offsetof(struct xfrm_algo_aead, alg_key_len)", XfrmUapi.AlgoKeyLength),
        ("offsetof(struct xfrm_algo_aead, alg_icv_len)", XfrmUapi.AlgoAeadIcvLength),
        ("offsetof(struct xfrm_algo_aead, alg_key)", XfrmUapi.AlgoAeadSize),

        ("sizeof(struct xfrm_replay_state_esn)", XfrmUapi.ReplayEsnSize),
        ("offsetof(struct xfrm_replay_state_esn, bmp_len)", XfrmUapi.ReplayEsnBitmapLength),
        ("offsetof(struct xfrm_replay_state_esn, oseq)", XfrmUapi.ReplayEsnOutboundSequence),
        ("offsetof(struct xfrm_replay_state_esn, seq)", XfrmUapi.ReplayEsnSequence),
        ("offsetof(struct xfrm_replay_state_esn, oseq_hi)", XfrmUapi.ReplayEsnOutboundSequenceHigh),
        ("offsetof(struct xfrm_replay_state_esn, seq_hi)", XfrmUapi.ReplayEsnSequenceHigh),
        ("offsetof(struct xfrm_replay_state_esn, replay_window)", XfrmUapi.ReplayEsnWindow),
        ("offsetof(struct xfrm_replay_state_esn, bmp)", XfrmUapi.ReplayEsnSize),
        ("sizeof(struct xfrm_replay_state)", XfrmUapi.ReplayStateSize),
        ("offsetof(struct xfrm_replay_state, oseq)", XfrmUapi.ReplayStateOutboundSequence),
        ("offsetof(struct xfrm_replay_state, seq)", XfrmUapi.ReplayStateSequence),

        ("sizeof(struct xfrm_user_expire)", XfrmUapi.UserExpireSize),
        ("offsetof(struct xfrm_user_expire, hard)", XfrmUapi.ExpireHard),
    ];

    [Fact]
    public void Every_xfrm_layout_and_constant_matches_linux_xfrm_h()
    {
        var expressions = Expectations.Select((e, i) => ($"e{i}", e.C)).ToDictionary(p => p.Item1, p => p.C);
        var values = KernelHeaders.Evaluate(Includes, expressions);
        var mismatches = Expectations.Select((e, i) => (e.C, e.Ours, Kernel: values[$"e{i}"]))
            .Where(m => m.Ours != m.Kernel).Select(m => $"{m.C}: kernel {m.Kernel}, ours {m.Ours}").ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
