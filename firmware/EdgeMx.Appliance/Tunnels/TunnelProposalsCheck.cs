using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Appliance.Tunnels;

/// <summary>Tunnel proposals must parse with the IKE subsystem's own strongSwan-syntax parser (what it will offer).</summary>
public sealed class TunnelProposalsCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        for (var i = 0; i < config.Tunnels.Count; i++)
        {
            var t = config.Tunnels[i];
            Parse(context, $"$.tunnels[{i}].ikeProposals", ProtocolId.Ike, t.IkeProposals);
            Parse(context, $"$.tunnels[{i}].espProposals", ProtocolId.Esp, t.EspProposals);
        }
    }

    private static void Parse(ConfigCheckContext context, string path, ProtocolId protocol, string text)
    {
        try
        {
            ProposalParser.ParseList(protocol, text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            context.Error(path, $"\"{text}\" is not a valid {(protocol == ProtocolId.Ike ? "IKE" : "ESP")} proposal list: {e.Message}");
        }
    }
}
