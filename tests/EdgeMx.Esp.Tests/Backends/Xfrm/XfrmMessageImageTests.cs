using System.Net;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Tests.Native;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Esp.Tests.Backends.Xfrm;

/// <summary>
/// Whole XFRM requests, byte for byte, against the same requests built in C with the kernel's own structs and the
/// NLMSG/RTA macros (what iproute2 does): header, fixed struct, every attribute, alignment and padding.
/// </summary>
public class XfrmMessageImageTests
{
    private const string Builders = """
        #include <string.h>
        #include <arpa/inet.h>
        #include <linux/rtnetlink.h>
        #include <linux/xfrm.h>
        #include <linux/udp.h>
        static void add_attr(struct nlmsghdr *n, int type, const void *data, int alen) {
          struct rtattr *rta = (struct rtattr *)(((char *)n) + NLMSG_ALIGN(n->nlmsg_len));
          rta->rta_type = type; rta->rta_len = RTA_LENGTH(alen);
          memcpy(RTA_DATA(rta), data, alen);
          n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_ALIGN(rta->rta_len);
        }
        static void lifetime(struct xfrm_lifetime_cfg *l) {
          l->soft_byte_limit = 1000000; l->hard_byte_limit = 2000000;
          l->soft_packet_limit = XFRM_INF; l->hard_packet_limit = XFRM_INF;
          l->soft_add_expires_seconds = 3000; l->hard_add_expires_seconds = 3600;
        }
        static unsigned char gcm[2048];
        static unsigned char *build_gcm(void) {
          static int done; if (done) return gcm; done = 1;
          struct nlmsghdr *n = (struct nlmsghdr *)gcm;
          n->nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_usersa_info));
          n->nlmsg_type = XFRM_MSG_NEWSA; n->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
          struct xfrm_usersa_info *sa = NLMSG_DATA(n);
          sa->sel.family = AF_INET;
          inet_pton(AF_INET, "203.0.113.11", &sa->id.daddr.a4); sa->id.spi = htonl(0xc1a55e01); sa->id.proto = IPPROTO_ESP;
          inet_pton(AF_INET, "198.51.100.2", &sa->saddr.a4);
          lifetime(&sa->lft);
          sa->reqid = 7; sa->family = AF_INET; sa->mode = XFRM_MODE_TUNNEL; sa->flags = XFRM_STATE_ESN;
          struct { struct xfrm_algo_aead a; unsigned char key[20]; } aead; memset(&aead, 0, sizeof aead);
          strcpy(aead.a.alg_name, "rfc4106(gcm(aes))"); aead.a.alg_key_len = 160; aead.a.alg_icv_len = 128;
          for (int i = 0; i < 20; i++) aead.key[i] = i + 1;
          add_attr(n, XFRMA_ALG_AEAD, &aead, sizeof(struct xfrm_algo_aead) + 20);
          struct xfrm_encap_tmpl e; memset(&e, 0, sizeof e);
          e.encap_type = UDP_ENCAP_ESPINUDP; e.encap_sport = htons(4500); e.encap_dport = htons(31337);
          add_attr(n, XFRMA_ENCAP, &e, sizeof e);
          struct { struct xfrm_replay_state_esn r; __u32 bmp[4]; } r; memset(&r, 0, sizeof r);
          r.r.bmp_len = 4; r.r.replay_window = 128;
          add_attr(n, XFRMA_REPLAY_ESN_VAL, &r, sizeof(struct xfrm_replay_state_esn) + 16);
          return gcm;
        }
        static unsigned char cbc[2048];
        static unsigned char *build_cbc(void) {
          static int done; if (done) return cbc; done = 1;
          struct nlmsghdr *n = (struct nlmsghdr *)cbc;
          n->nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_usersa_info));
          n->nlmsg_type = XFRM_MSG_NEWSA; n->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
          struct xfrm_usersa_info *sa = NLMSG_DATA(n);
          sa->sel.family = AF_INET;
          inet_pton(AF_INET, "198.51.100.2", &sa->id.daddr.a4); sa->id.spi = htonl(0x0000beef); sa->id.proto = IPPROTO_ESP;
          inet_pton(AF_INET, "203.0.113.11", &sa->saddr.a4);
          sa->lft.soft_byte_limit = XFRM_INF; sa->lft.hard_byte_limit = XFRM_INF;
          sa->lft.soft_packet_limit = XFRM_INF; sa->lft.hard_packet_limit = XFRM_INF;
          sa->reqid = 1; sa->family = AF_INET; sa->mode = XFRM_MODE_TUNNEL;
          struct { struct xfrm_algo a; unsigned char key[16]; } c; memset(&c, 0, sizeof c);
          strcpy(c.a.alg_name, "cbc(aes)"); c.a.alg_key_len = 128;
          for (int i = 0; i < 16; i++) c.key[i] = 0xa0 + i;
          add_attr(n, XFRMA_ALG_CRYPT, &c, sizeof(struct xfrm_algo) + 16);
          struct { struct xfrm_algo_auth a; unsigned char key[32]; } h; memset(&h, 0, sizeof h);
          strcpy(h.a.alg_name, "hmac(sha256)"); h.a.alg_key_len = 256; h.a.alg_trunc_len = 128;
          for (int i = 0; i < 32; i++) h.key[i] = 0x40 + i;
          add_attr(n, XFRMA_ALG_AUTH_TRUNC, &h, sizeof(struct xfrm_algo_auth) + 32);
          struct { struct xfrm_replay_state_esn r; __u32 bmp[2]; } r; memset(&r, 0, sizeof r);
          r.r.bmp_len = 2; r.r.replay_window = 64;
          add_attr(n, XFRMA_REPLAY_ESN_VAL, &r, sizeof(struct xfrm_replay_state_esn) + 8);
          return cbc;
        }
        static unsigned char pol[1024];
        static unsigned char *build_policy(void) {
          static int done; if (done) return pol; done = 1;
          struct nlmsghdr *n = (struct nlmsghdr *)pol;
          n->nlmsg_len = NLMSG_LENGTH(sizeof(struct xfrm_userpolicy_info));
          n->nlmsg_type = XFRM_MSG_NEWPOLICY; n->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
          struct xfrm_userpolicy_info *p = NLMSG_DATA(n);
          inet_pton(AF_INET, "192.168.50.0", &p->sel.saddr.a4); p->sel.prefixlen_s = 24;
          inet_pton(AF_INET, "10.1.0.0", &p->sel.daddr.a4); p->sel.prefixlen_d = 16;
          p->sel.family = AF_INET; p->sel.proto = 6; p->sel.dport = htons(443); p->sel.dport_mask = 0xffff;
          p->lft.soft_byte_limit = XFRM_INF; p->lft.hard_byte_limit = XFRM_INF;
          p->lft.soft_packet_limit = XFRM_INF; p->lft.hard_packet_limit = XFRM_INF;
          p->priority = 12345; p->dir = XFRM_POLICY_OUT; p->action = XFRM_POLICY_ALLOW;
          struct xfrm_user_tmpl t; memset(&t, 0, sizeof t);
          inet_pton(AF_INET, "203.0.113.11", &t.id.daddr.a4); t.id.proto = IPPROTO_ESP; t.family = AF_INET;
          inet_pton(AF_INET, "198.51.100.2", &t.saddr.a4); t.reqid = 9; t.mode = XFRM_MODE_TUNNEL;
          t.aalgos = ~0u; t.ealgos = ~0u; t.calgos = ~0u;
          add_attr(n, XFRMA_TMPL, &t, sizeof t);
          return pol;
        }
        """;

    private static readonly EspSaLifetime Lifetime = new()
    {
        SoftBytes = 1_000_000, HardBytes = 2_000_000, SoftTime = TimeSpan.FromSeconds(3000), HardTime = TimeSpan.FromSeconds(3600),
    };

    [Fact]
    public void Newsa_newpolicy_images_equal_the_kernel_structs_built_in_c()
    {
        var gcmKey = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var gcm = Build(w => XfrmMessages.NewSa(w, new XfrmSaSpec
        {
            Source = IPAddress.Parse("198.51.100.2"), Destination = IPAddress.Parse("203.0.113.11"), Spi = 0xc1a55e01, ReqId = 7,
            Suite = new EspCipherSuite(EspEncryption.AesGcm16, 128), Keys = new EspKeyMaterial(gcmKey, []),
            ExtendedSequenceNumbers = true, ReplayWindow = 128, UdpEncapsulation = (4500, 31337), Lifetime = Lifetime,
        }));
        var cbc = Build(w => XfrmMessages.NewSa(w, new XfrmSaSpec
        {
            Source = IPAddress.Parse("203.0.113.11"), Destination = IPAddress.Parse("198.51.100.2"), Spi = 0xbeef, ReqId = 1,
            Suite = new EspCipherSuite(EspEncryption.AesCbc, 128, EspIntegrity.HmacSha256_128),
            Keys = new EspKeyMaterial(Enumerable.Range(0xa0, 16).Select(i => (byte)i).ToArray(), Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray()),
            ReplayWindow = 64,
        }));
        var policy = Build(w => XfrmMessages.NewPolicy(w, new XfrmPolicySpec
        {
            Source = IPNetwork.Parse("192.168.50.0/24"), Destination = IPNetwork.Parse("10.1.0.0/16"), Protocol = 6,
            DestinationPort = 443, DestinationPortMask = 0xffff, Direction = XfrmUapi.PolicyOut, Priority = 12345,
            TunnelSource = IPAddress.Parse("198.51.100.2"), TunnelDestination = IPAddress.Parse("203.0.113.11"), ReqId = 9,
        }));

        var expressions = new Dictionary<string, string>();
        void Image(string name, string builder, int length)
        {
            expressions[$"{name}_len"] = $"((struct nlmsghdr *){builder}())->nlmsg_len";
            for (var i = 0; i < length; i++) expressions[$"{name}_{i}"] = $"{builder}()[{i}]";
        }
        Image("gcm", "build_gcm", gcm.Length);
        Image("cbc", "build_cbc", cbc.Length);
        Image("pol", "build_policy", policy.Length);
        var c = KernelHeaders.Evaluate(Builders, expressions);

        AssertImage("NEWSA aes-gcm", gcm, c, "gcm");
        AssertImage("NEWSA aes-cbc/hmac-sha256", cbc, c, "cbc");
        AssertImage("NEWPOLICY", policy, c, "pol");
    }

    private static byte[] Build(Action<NetlinkMessageWriter> build)
    {
        var writer = new NetlinkMessageWriter();
        build(writer);
        return writer.WrittenSpan.ToArray();
    }

    private static void AssertImage(string what, byte[] ours, Dictionary<string, long> c, string name)
    {
        Assert.Equal(c[$"{name}_len"], ours.Length);
        var differences = Enumerable.Range(0, ours.Length).Where(i => c[$"{name}_{i}"] != ours[i])
            .Select(i => $"byte {i}: C 0x{c[$"{name}_{i}"]:x2}, ours 0x{ours[i]:x2}").ToList();
        Assert.True(differences.Count == 0, $"{what}:\n{string.Join("\n", differences)}");
    }
}
