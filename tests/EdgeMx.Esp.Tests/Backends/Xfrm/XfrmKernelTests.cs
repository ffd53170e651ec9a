using System.Collections.Immutable;
using System.Net;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Tests.Namespaces;
using EdgeMx.Esp.Transform;
using EdgeMx.Net.Netlink;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Esp.Tests.Backends.Xfrm;

/// <summary>
/// The kernel backend against this machine's kernel, in a throwaway namespace (root). Policies need no esp4, so they
/// are installed for real and read back with iproute2 (`ip xfrm policy`, an independent decoder); SAs need esp4,
/// which this build machine lacks: installing one must then fail cleanly and leave nothing behind. Real ESP through
/// XFRM is exercised in the QEMU image.
/// </summary>
[Collection("namespaces")]
public class XfrmKernelTests
{
    private static EspChildSa Child(uint inbound = 0xc0000001, uint outbound = 0xc0000002) => new()
    {
        Connection = "hub1", Child = "lan", UniqueId = 1, InboundSpi = inbound, OutboundSpi = outbound,
        Suite = new EspCipherSuite(EspEncryption.AesGcm16, 128),
        InboundKeys = new EspKeyMaterial(new byte[20], []), OutboundKeys = new EspKeyMaterial(new byte[20], []),
        LocalSelectors = [TrafficSelector.FromPrefix("192.168.50.0/24")],
        RemoteSelectors = [TrafficSelector.FromPrefix("10.1.0.0/24")],
        Endpoints = new EspEndpoints(IPEndPoint.Parse("198.51.100.2:4500"), IPEndPoint.Parse("203.0.113.11:4500"), true),
    };

    [Fact]
    public async Task Policies_for_a_child_sa_are_installed_in_three_directions_and_deleted_again()
    {
        using var ns = new TestNamespace("xfrm");
        using var socket = ns.Namespace.Run(() => NetlinkSocket.Open(protocol: NetlinkSocket.NetlinkXfrm));
        var policies = XfrmSelectors.Policies([TrafficSelector.FromPrefix("192.168.50.0/24")], [TrafficSelector.FromPrefix("10.1.0.0/24")],
            IPAddress.Parse("198.51.100.2"), IPAddress.Parse("203.0.113.11"), reqId: 5);
        var writer = new NetlinkMessageWriter();
        foreach (var policy in policies)
        {
            writer.Reset();
            XfrmMessages.NewPolicy(writer, policy);
            await socket.RequestAsync(writer, "NEWPOLICY");
        }

        var shown = ns.Ip("xfrm policy");
        Assert.Contains("src 192.168.50.0/24 dst 10.1.0.0/24 \n\tdir out priority 199808 ptype main \n\ttmpl src 198.51.100.2 dst 203.0.113.11\n\t\tproto esp reqid 5 mode tunnel", shown);
        Assert.Contains("src 10.1.0.0/24 dst 192.168.50.0/24 \n\tdir in priority 199808 ptype main \n\ttmpl src 203.0.113.11 dst 198.51.100.2\n\t\tproto esp reqid 5 mode tunnel", shown);
        Assert.Contains("src 10.1.0.0/24 dst 192.168.50.0/24 \n\tdir fwd priority 199808 ptype main \n\ttmpl src 203.0.113.11 dst 198.51.100.2\n\t\tproto esp reqid 5 mode tunnel", shown);

        foreach (var policy in policies)
        {
            writer.Reset();
            XfrmMessages.DeletePolicy(writer, policy);
            await socket.RequestAsync(writer, "DELPOLICY");
        }
        Assert.Equal("", ns.Ip("xfrm policy").Trim());
    }

    [Fact]
    public async Task A_port_narrowed_policy_reads_back_with_its_protocol_and_port()
    {
        using var ns = new TestNamespace("xfrm");
        using var socket = ns.Namespace.Run(() => NetlinkSocket.Open(protocol: NetlinkSocket.NetlinkXfrm));
        var local = new TrafficSelector(IPAddress.Parse("192.168.50.10"), IPAddress.Parse("192.168.50.10"), 6);
        var remote = new TrafficSelector(IPAddress.Parse("10.1.0.10"), IPAddress.Parse("10.1.0.10"), 6, 443, 443);
        var policies = XfrmSelectors.Policies([local], [remote], IPAddress.Parse("198.51.100.2"), IPAddress.Parse("203.0.113.11"), reqId: 6);
        var writer = new NetlinkMessageWriter();
        var outbound = policies.Single(p => p.Direction == XfrmUapi.PolicyOut);
        XfrmMessages.NewPolicy(writer, outbound);
        await socket.RequestAsync(writer, "NEWPOLICY");
        Assert.Contains("src 192.168.50.10/32 dst 10.1.0.10/32 proto tcp dport 443", ns.Ip("xfrm policy"));
    }

    [Fact]
    public async Task Without_kernel_esp_installing_fails_cleanly_and_leaves_nothing_behind()
    {
        using var ns = new TestNamespace("xfrm");
        await using var plane = XfrmDataPlane.Start(new XfrmDataPlaneOptions { Namespace = ns.Namespace }, TimeProvider.System, NullLogger.Instance);
        Assert.Equal("xfrm", plane.Backend);
        var kernelHasGcm = ns.Exec("ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi 0x10 mode tunnel " +
            "aead 'rfc4106(gcm(aes))' 0x0102030405060708090a0b0c0d0e0f1011121314 128", check: false) is var _ &&
            ns.Ip("xfrm state").Contains("spi 0x00000010");
        ns.Ip("xfrm state flush");

        if (kernelHasGcm)
        {
            // A kernel with ESP (not this build machine): the CHILD_SA is installed for real.
            plane.Install(Child());
            Assert.Contains("spi 0xc0000001", ns.Ip("xfrm state"));
            Assert.Contains("dir fwd", ns.Ip("xfrm policy"));
            Assert.Equal("installed", plane.GetStatus(0xc0000001)!.State);
            plane.Remove(0xc0000001, 0xc0000002);
        }
        else
        {
            var error = Assert.Throws<NetlinkException>(() => plane.Install(Child()));
            Assert.Contains("XFRM_MSG_NEWSA", error.Message);
            Assert.Null(plane.GetStatus(0xc0000001));
        }
        Assert.Equal("", ns.Ip("xfrm state").Trim());
        Assert.Equal("", ns.Ip("xfrm policy").Trim());
        plane.Remove(0xc0000001, 0xc0000002); // idempotent for unknown SPIs
        Assert.Empty(plane.Snapshot());
    }

    [Fact]
    public void The_backend_probe_falls_back_to_user_space_on_this_kernel_and_says_why()
    {
        EdgeMx.Testing.Root.Require();
        var probe = new EdgeMx.Hal.Linux.Crypto.Kernel.KernelEspOffloadProbe();
        var kernel = probe.Probe();
        var choice = EspBackendProbe.Choose(EspBackendPreference.Auto, kernel);
        if (kernel.Available && kernel.Algorithms.Contains(EdgeMx.Hal.Crypto.CryptoAlgorithm.AesGcm16))
        {
            Assert.Equal("xfrm", choice.Backend);
        }
        else
        {
            Assert.Equal("userspace", choice.Backend);
            Assert.StartsWith(kernel.Available ? "kernel ESP lacks" : "no kernel ESP: ", choice.Reason);
            Assert.Contains(kernel.Summary, choice.Reason);
            Assert.False(choice.FellBack);
            Assert.True(EspBackendProbe.Choose(EspBackendPreference.Xfrm, kernel).FellBack);
        }
    }
}
