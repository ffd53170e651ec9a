using System.Net;
using System.Text;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>Connection settings for the in-process tests, in the lab's addressing (LAB-PLAN.md).</summary>
internal static class Tunnels
{
    public const string SpokeAddress = "198.51.100.2";
    public const string HubAddress = "203.0.113.11";
    public const string Hub2Address = "203.0.113.12";
    public const string Psk = "lab-secret-psk";

    public static IkeConnectionSettings Spoke(string ike = "aes256gcm16-prfsha256-x25519", string esp = "aes128gcm16",
        string hub = HubAddress, string psk = Psk, string name = "hub1", string remoteId = "hub1.lab",
        string localSubnet = "192.168.50.0/24", string remoteSubnet = "10.1.0.0/24") => new()
    {
        Name = name,
        RemoteAddress = IPAddress.Parse(hub),
        LocalId = IkeIdentity.Parse("spoke.lab"),
        RemoteId = IkeIdentity.Parse(remoteId),
        PreSharedKey = Encoding.UTF8.GetBytes(psk),
        IkeProposals = ProposalParser.ParseList(ProtocolId.Ike, ike),
        Children = [Child("net", localSubnet, remoteSubnet, esp)],
        Initiate = true,
    };

    public static IkeConnectionSettings Hub(string ike = "aes256gcm16-prfsha256-x25519,aes128-sha256-modp2048",
        string esp = "aes128gcm16,aes128-sha256", string psk = Psk, string name = "spokes", string localId = "hub1.lab",
        string localSubnet = "10.1.0.0/24", string remoteSubnet = "192.168.50.0/24") => new()
    {
        Name = name,
        RemoteAddress = null,
        LocalId = IkeIdentity.Parse(localId),
        RemoteId = IkeIdentity.Any,
        PreSharedKey = Encoding.UTF8.GetBytes(psk),
        IkeProposals = ProposalParser.ParseList(ProtocolId.Ike, ike),
        Children = [Child("net", localSubnet, remoteSubnet, esp)],
        Initiate = false,
    };

    public static ChildSaSettings Child(string name, string local, string remote, string esp) =>
        new(name, [TrafficSelector.ParseSubnet(local)], [TrafficSelector.ParseSubnet(remote)],
            ProposalParser.ParseList(ProtocolId.Esp, esp), LifetimeSettings.Default);
}
