using System.Buffers.Binary;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Kernel;
using EdgeMx.Hal.Tests.Native;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Kernel;

public class KernelEspOffloadProbeTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("edgemx-kprobe-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void This_machine_reports_absent_because_its_kernel_has_no_esp()
    {
        // ENVIRONMENT.md: the build kernel has CONFIG_INET_ESP off. The netlink probe runs in a scratch namespace.
        Root.Require();
        var result = new KernelEspOffloadProbe().Probe();
        Assert.False(result.Available, result.Summary + ": " + string.Join("; ", result.Evidence));
        Assert.True(result.Summary.Contains("no usable ESP"), result.Summary + ": " + string.Join("; ", result.Evidence));
        Assert.Contains(result.Evidence, e => e.Contains("EPROTONOSUPPORT"));
        Assert.Empty(result.Algorithms);
    }

    [Fact]
    public void The_probe_leaves_the_callers_namespace_untouched()
    {
        Root.Require();
        var before = File.ReadAllText("/proc/self/net/xfrm_stat");
        var ns = new FileInfo("/proc/thread-self/ns/net").LinkTarget;
        new KernelEspOffloadProbe().Probe();
        Assert.Equal(ns, new FileInfo("/proc/thread-self/ns/net").LinkTarget);
        Assert.Equal(before, File.ReadAllText("/proc/self/net/xfrm_stat"));
    }

    [Theory]
    [InlineData("esp4 421888 2 - Live 0x0000000000000000\n", null, null, true, "loaded")]
    [InlineData("", "kernel/net/ipv4/esp4.ko\n", null, true, "built in")]
    [InlineData("", null, "kernel/net/ipv4/esp4.ko: kernel/net/xfrm/xfrm_algo.ko\n", true, "as a module")]
    [InlineData("", "kernel/net/ipv4/ah4.ko\n", "kernel/net/ipv4/ipcomp.ko:\n", false, "no evidence")]
    public void Without_the_netlink_probe_the_module_evidence_decides(string procModules, string? builtin, string? dep,
        bool available, string summary)
    {
        var proc = Tree("proc", ("sys/kernel/osrelease", "6.1.0-test\n"), ("modules", procModules));
        var modules = Tree("lib-modules", ("6.1.0-test/modules.builtin", builtin), ("6.1.0-test/modules.dep", dep));
        var probe = new KernelEspOffloadProbe(proc, modules, () => new XfrmEspProbe.Result(XfrmEspProbe.Outcome.NotPermitted, "unshare: Operation not permitted"));
        var result = probe.Probe();
        Assert.Equal(available, result.Available);
        Assert.Contains(summary, result.Summary);
        Assert.Equal(available, result.Algorithms.Contains(CryptoAlgorithm.AesGcm16));
    }

    [Fact]
    public void The_netlink_probe_overrides_missing_module_files()
    {
        var proc = Tree("proc", ("net/xfrm_stat", "XfrmInError 0\n"));
        var yes = new KernelEspOffloadProbe(proc, Path.Combine(_root.FullName, "none"), () => new XfrmEspProbe.Result(XfrmEspProbe.Outcome.EspAccepted, "accepted", Gcm: false));
        var present = yes.Probe();
        Assert.True(present.Available);
        Assert.DoesNotContain(CryptoAlgorithm.AesGcm16, present.Algorithms); // the probe said: no GCM
        Assert.Contains(CryptoAlgorithm.AesCbc, present.Algorithms);
        var no = new KernelEspOffloadProbe(proc, Path.Combine(_root.FullName, "none"), () => new XfrmEspProbe.Result(XfrmEspProbe.Outcome.EspNotSupported, "EPROTONOSUPPORT"));
        var result = no.Probe();
        Assert.False(result.Available);
        Assert.Contains("/proc/net/xfrm_stat present (XFRM with statistics)", result.Evidence);
        Assert.Contains("no /proc/modules (kernel without loadable modules)", result.Evidence);
    }

    [Fact]
    public void The_newsa_message_matches_the_kernel_struct_layouts()
    {
        var c = KernelHeaders.Evaluate("#include <linux/xfrm.h>\n#include <linux/netlink.h>", new Dictionary<string, string>
        {
            ["usersa"] = "sizeof(struct xfrm_usersa_info)",
            ["sel_family"] = "offsetof(struct xfrm_usersa_info, sel) + offsetof(struct xfrm_selector, family)",
            ["id_daddr"] = "offsetof(struct xfrm_usersa_info, id)",
            ["id_spi"] = "offsetof(struct xfrm_usersa_info, id) + offsetof(struct xfrm_id, spi)",
            ["id_proto"] = "offsetof(struct xfrm_usersa_info, id) + offsetof(struct xfrm_id, proto)",
            ["saddr"] = "offsetof(struct xfrm_usersa_info, saddr)",
            ["lft"] = "offsetof(struct xfrm_usersa_info, lft)",
            ["lft_size"] = "sizeof(struct xfrm_lifetime_cfg)",
            ["family"] = "offsetof(struct xfrm_usersa_info, family)",
            ["mode"] = "offsetof(struct xfrm_usersa_info, mode)",
            ["aead"] = "sizeof(struct xfrm_algo_aead)",
            ["aead_keylen"] = "offsetof(struct xfrm_algo_aead, alg_key_len)",
            ["aead_icvlen"] = "offsetof(struct xfrm_algo_aead, alg_icv_len)",
            ["algo"] = "sizeof(struct xfrm_algo)",
            ["algo_keylen"] = "offsetof(struct xfrm_algo, alg_key_len)",
            ["auth"] = "sizeof(struct xfrm_algo_auth)",
            ["auth_keylen"] = "offsetof(struct xfrm_algo_auth, alg_key_len)",
            ["auth_trunc"] = "offsetof(struct xfrm_algo_auth, alg_trunc_len)",
            ["alg_crypt"] = "XFRMA_ALG_CRYPT",
            ["alg_auth_trunc"] = "XFRMA_ALG_AUTH_TRUNC",
            ["nlmsghdr"] = "sizeof(struct nlmsghdr)",
            ["newsa"] = "XFRM_MSG_NEWSA",
            ["alg_aead"] = "XFRMA_ALG_AEAD",
            ["nlmsg_error"] = "NLMSG_ERROR",
            ["f_request"] = "NLM_F_REQUEST",
            ["f_ack"] = "NLM_F_ACK",
        });
        Assert.Equal(XfrmProbeMessage.UsersaInfoSize, c["usersa"]);
        Assert.Equal(XfrmProbeMessage.SelectorFamily, c["sel_family"]);
        Assert.Equal(XfrmProbeMessage.IdDaddr, c["id_daddr"]);
        Assert.Equal(XfrmProbeMessage.IdSpi, c["id_spi"]);
        Assert.Equal(XfrmProbeMessage.IdProto, c["id_proto"]);
        Assert.Equal(XfrmProbeMessage.Saddr, c["saddr"]);
        Assert.Equal(XfrmProbeMessage.Lifetime, c["lft"]);
        Assert.Equal(64, c["lft_size"]);
        Assert.Equal(XfrmProbeMessage.Family, c["family"]);
        Assert.Equal(XfrmProbeMessage.Mode, c["mode"]);
        Assert.Equal(XfrmProbeMessage.AlgoAeadSize, c["aead"]);
        Assert.Equal(64, c["aead_keylen"]);
        Assert.Equal(68, c["aead_icvlen"]);
        Assert.Equal(XfrmProbeMessage.AlgoSize, c["algo"]);
        Assert.Equal(XfrmProbeMessage.AlgorithmNameSize, c["algo_keylen"]);
        Assert.Equal(XfrmProbeMessage.AlgoAuthSize, c["auth"]);
        Assert.Equal(XfrmProbeMessage.AlgorithmNameSize, c["auth_keylen"]);
        Assert.Equal(XfrmProbeMessage.AlgorithmNameSize + 4, c["auth_trunc"]);
        Assert.Equal(XfrmProbeMessage.XFRMA_ALG_CRYPT, c["alg_crypt"]);
        Assert.Equal(XfrmProbeMessage.XFRMA_ALG_AUTH_TRUNC, c["alg_auth_trunc"]);
        Assert.Equal(XfrmProbeMessage.NlMsgHeaderSize, c["nlmsghdr"]);
        Assert.Equal(XfrmProbeMessage.XFRM_MSG_NEWSA, c["newsa"]);
        Assert.Equal(XfrmProbeMessage.XFRMA_ALG_AEAD, c["alg_aead"]);
        Assert.Equal(XfrmProbeMessage.NLMSG_ERROR, c["nlmsg_error"]);
        Assert.Equal(XfrmProbeMessage.NLM_F_REQUEST | XfrmProbeMessage.NLM_F_ACK, c["f_request"] | c["f_ack"]);

        var gcm = XfrmProbeMessage.Build(0x01020304, 7, XfrmProbeMessage.Algorithms.Gcm);
        Assert.Equal(16 + 224 + 4 + 72 + 20, gcm.Length);
        Assert.Equal((uint)gcm.Length, BinaryPrimitives.ReadUInt32LittleEndian(gcm));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, gcm.AsSpan(16 + XfrmProbeMessage.IdSpi, 4).ToArray());
        Assert.Equal(50, gcm[16 + XfrmProbeMessage.IdProto]);
        Assert.Equal("rfc4106(gcm(aes))", System.Text.Encoding.ASCII.GetString(gcm, 16 + 224 + 4, 17));
        Assert.Equal(160u, BinaryPrimitives.ReadUInt32LittleEndian(gcm.AsSpan(16 + 224 + 4 + 64))); // key+salt bits
        var cbc = XfrmProbeMessage.Build(5, 8, XfrmProbeMessage.Algorithms.CbcHmacSha256);
        Assert.Equal(16 + 224 + (4 + 68 + 16) + (4 + 72 + 32), cbc.Length);
        Assert.Equal(XfrmProbeMessage.XFRMA_ALG_CRYPT, BinaryPrimitives.ReadUInt16LittleEndian(cbc.AsSpan(240 + 2)));
        Assert.Equal(XfrmProbeMessage.XFRMA_ALG_AUTH_TRUNC, BinaryPrimitives.ReadUInt16LittleEndian(cbc.AsSpan(240 + 88 + 2)));
        Assert.Equal(128u, BinaryPrimitives.ReadUInt32LittleEndian(cbc.AsSpan(240 + 88 + 4 + 68))); // HMAC-SHA-256-128
    }

    [Fact]
    public void Acks_are_read_strictly()
    {
        byte[] Reply(ushort type, uint seq, int error, int length = 36)
        {
            var r = new byte[length];
            BinaryPrimitives.WriteUInt32LittleEndian(r, (uint)length);
            BinaryPrimitives.WriteUInt16LittleEndian(r.AsSpan(4), type);
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(8), seq);
            BinaryPrimitives.WriteInt32LittleEndian(r.AsSpan(16), error);
            return r;
        }
        Assert.Equal(0, XfrmProbeMessage.ReadAck(Reply(2, 1, 0), 1));
        Assert.Equal(93, XfrmProbeMessage.ReadAck(Reply(2, 1, -93), 1));
        Assert.Null(XfrmProbeMessage.ReadAck(Reply(2, 2, 0), 1));      // another request's answer
        Assert.Null(XfrmProbeMessage.ReadAck(Reply(16, 1, 0), 1));     // not an NLMSG_ERROR
        Assert.Null(XfrmProbeMessage.ReadAck(Reply(2, 1, 0).AsSpan(0, 19), 1)); // truncated
        var lying = Reply(2, 1, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(lying, 4000);         // claims more than was received
        Assert.Null(XfrmProbeMessage.ReadAck(lying, 1));
    }

    private string Tree(string name, params (string Path, string? Content)[] files)
    {
        var root = Path.Combine(_root.FullName, name);
        Directory.CreateDirectory(root);
        foreach (var (path, content) in files)
        {
            if (content is null) continue;
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        return root;
    }
}
