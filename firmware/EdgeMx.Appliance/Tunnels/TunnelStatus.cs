using System.Collections.Immutable;
using EdgeMx.Core.State;
using EdgeMx.Ike;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Selectors;

namespace EdgeMx.Appliance.Tunnels;

/// <summary>The engine's SA table as status records (read on the IKE loop). No key material leaves the engine.</summary>
internal static class TunnelStatus
{
    public static ImmutableArray<IkeSaStatus> SasOf(IkeEngine engine, string connection, TimeProvider time)
    {
        var now = time.GetTimestamp();
        long? Seconds(long? from, long? to) =>
            from is { } f && to is { } t && t != long.MaxValue ? (long)((t - f) / (double)time.TimestampFrequency) : null;
        return [.. engine.Sas.Where(s => s.Name == connection).OrderBy(s => s.UniqueId).Select(sa => new IkeSaStatus
        {
            UniqueId = sa.UniqueId,
            State = sa.State.ToString().ToUpperInvariant(),
            Initiator = sa.IsOriginalInitiator,
            SpiI = $"{sa.SpiI:x16}",
            SpiR = $"{sa.SpiR:x16}",
            Local = sa.Local.ToString(),
            Remote = sa.Remote.ToString(),
            LocalId = sa.Settings.LocalId.ToString(),
            RemoteId = sa.PeerId?.ToString(),
            NatLocal = sa.NatLocal,
            NatRemote = sa.NatRemote,
            Encapsulated = sa.UsesEncapsulation,
            Proposal = sa.Proposal?.Name,
            EstablishedSeconds = Seconds(sa.EstablishedAt, now),
            RekeyInSeconds = sa.State == IkeSaState.Established ? Seconds(now, sa.RekeyAt) : null,
            Rekeys = sa.RekeyCount,
            Children = [.. sa.Children.OrderBy(c => c.UniqueId).Select(c => new ChildSaStatus
            {
                Name = c.Name,
                UniqueId = c.UniqueId,
                State = c.State.ToString().ToUpperInvariant(),
                SpiIn = $"{c.InboundSpi:x8}",
                SpiOut = $"{c.OutboundSpi:x8}",
                Proposal = c.Proposal.Name,
                Encapsulated = sa.UsesEncapsulation,
                LocalTs = TrafficSelectorNarrowing.Format(c.LocalSelectors),
                RemoteTs = TrafficSelectorNarrowing.Format(c.RemoteSelectors),
                BytesIn = c.Usage?.BytesIn ?? 0,
                PacketsIn = c.Usage?.PacketsIn ?? 0,
                BytesOut = c.Usage?.BytesOut ?? 0,
                PacketsOut = c.Usage?.PacketsOut ?? 0,
                InstalledSeconds = Seconds(c.EstablishedAt, now),
                RekeyInSeconds = c.State == EdgeMx.Ike.ChildSaState.Installed ? Seconds(now, c.RekeyAt) : null,
            })],
        })];
    }
}
