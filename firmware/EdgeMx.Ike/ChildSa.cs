using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike;

/// <summary>Lifecycle of a CHILD_SA inside its IKE SA.</summary>
public enum ChildSaState
{
    Installed,

    /// <summary>We sent a rekey request for it and wait for the answer.</summary>
    Rekeying,

    /// <summary>Replaced by a newer CHILD_SA; still accepts inbound traffic until deleted.</summary>
    Rekeyed,

    /// <summary>A delete for it is under way.</summary>
    Deleting,
}

/// <summary>
/// One established CHILD_SA (a pair of ESP SAs, tunnel mode). Created by IKE_AUTH or CREATE_CHILD_SA, replaced by a
/// rekey, removed by a delete or at its hard lifetime.
/// </summary>
public sealed class ChildSa
{
    internal ChildSa(ChildSaSettings settings, long uniqueId, uint inboundSpi, uint outboundSpi, SelectedProposal proposal,
        IReadOnlyList<TrafficSelector> localSelectors, IReadOnlyList<TrafficSelector> remoteSelectors, byte[] nonceI,
        byte[] nonceR, bool createdByUs)
    {
        Settings = settings;
        UniqueId = uniqueId;
        InboundSpi = inboundSpi;
        OutboundSpi = outboundSpi;
        Proposal = proposal;
        LocalSelectors = localSelectors;
        RemoteSelectors = remoteSelectors;
        NonceI = nonceI;
        NonceR = nonceR;
        CreatedByUs = createdByUs;
    }

    public ChildSaSettings Settings { get; }

    public string Name => Settings.Name;

    public long UniqueId { get; }

    /// <summary>The SPI we chose: the peer sends ESP to us with it, and our DELETE names it.</summary>
    public uint InboundSpi { get; }

    public uint OutboundSpi { get; }

    public SelectedProposal Proposal { get; }

    public IReadOnlyList<TrafficSelector> LocalSelectors { get; }

    public IReadOnlyList<TrafficSelector> RemoteSelectors { get; }

    public ChildSaState State { get; internal set; } = ChildSaState.Installed;

    /// <summary>Nonces of the exchange that created it (for rekey collisions, RFC 7296 §2.8.1).</summary>
    internal byte[] NonceI { get; }

    internal byte[] NonceR { get; }

    /// <summary>True when we initiated the exchange that created it.</summary>
    internal bool CreatedByUs { get; }

    public long EstablishedAt { get; internal set; }

    public long RekeyAt { get; internal set; }

    public long ExpireAt { get; internal set; }

    public int RekeyCount { get; internal set; }

    /// <summary>A CHILD_SA that rekeyed this one has been installed (counted once in the connection's totals).</summary>
    internal bool Replaced { get; set; }

    public ChildSaUsage? Usage { get; private set; }

    /// <summary>When ESP last arrived on it / was last sent on it, as far as the data plane's reports tell (null: never).</summary>
    internal long? LastInboundAt { get; private set; }

    internal long? LastOutboundAt { get; private set; }

    /// <summary>
    /// Takes the data plane's counters. A data plane without per-packet times (XFRM's counters) still shows traffic:
    /// packets that were not there at the previous report went through by <paramref name="now"/>.
    /// </summary>
    internal void NoteUsage(ChildSaUsage usage, long now)
    {
        var previous = Usage;
        Usage = usage;
        if (usage.LastInboundTimestamp is { } inbound) LastInboundAt = inbound;
        else if (usage.PacketsIn > (previous?.PacketsIn ?? 0)) LastInboundAt = now;
        if (usage.LastOutboundTimestamp is { } outbound) LastOutboundAt = outbound;
        else if (usage.PacketsOut > (previous?.PacketsOut ?? 0)) LastOutboundAt = now;
    }

    /// <summary>When <see cref="State"/> is Rekeyed or Deleting: remove it at this time even if the peer never answers.</summary>
    internal long? RemoveAt { get; set; }
}
