using System.Buffers.Binary;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// What the kernel reports about one SA (the XFRM_MSG_NEWSA answer to XFRM_MSG_GETSA, or an XFRM_MSG_EXPIRE's
/// state): current bytes/packets, when it was added, its replay and integrity-failure drop counts, and the sequence
/// numbers from the replay state.
/// </summary>
public sealed record XfrmSaCounters(uint Spi, ulong Bytes, ulong Packets, ulong AddTime, uint ReplayDrops, uint IntegrityFailures,
    ulong OutboundSequence, ulong InboundSequence)
{
    /// <summary>Parses an xfrm_usersa_info message; null (not an exception) for a message that is not one or is cut short.</summary>
    public static XfrmSaCounters? Parse(NetlinkMessage message)
    {
        if (message.Type is not (XfrmUapi.MsgNewSa or XfrmUapi.MsgUpdateSa)) return null;
        return Parse(message.Payload, message);
    }

    internal static XfrmSaCounters? Parse(ReadOnlySpan<byte> info, NetlinkMessage message)
    {
        if (info.Length < XfrmUapi.UsersaInfoSize) return null;
        var current = info.Slice(XfrmUapi.SaCurrent, XfrmUapi.LifetimeCurrentSize);
        var stats = info.Slice(XfrmUapi.SaStats, XfrmUapi.StatsSize);
        ulong outbound = 0, inbound = 0;
        var attributes = message.Attributes(XfrmUapi.UsersaInfoSize);
        while (attributes.TryRead(out var attribute))
        {
            var value = attribute.Payload;
            if (attribute.Type == XfrmUapi.AttrReplayEsnValue && value.Length >= XfrmUapi.ReplayEsnSize)
            {
                outbound = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(value[XfrmUapi.ReplayEsnOutboundSequenceHigh..]) << 32
                    | BinaryPrimitives.ReadUInt32LittleEndian(value[XfrmUapi.ReplayEsnOutboundSequence..]);
                inbound = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(value[XfrmUapi.ReplayEsnSequenceHigh..]) << 32
                    | BinaryPrimitives.ReadUInt32LittleEndian(value[XfrmUapi.ReplayEsnSequence..]);
            }
            else if (attribute.Type == XfrmUapi.AttrReplayValue && value.Length >= XfrmUapi.ReplayStateSize)
            {
                outbound = BinaryPrimitives.ReadUInt32LittleEndian(value[XfrmUapi.ReplayStateOutboundSequence..]);
                inbound = BinaryPrimitives.ReadUInt32LittleEndian(value[XfrmUapi.ReplayStateSequence..]);
            }
        }
        return new XfrmSaCounters(
            BinaryPrimitives.ReadUInt32BigEndian(info[(XfrmUapi.SaId + XfrmUapi.IdSpi)..]),
            BinaryPrimitives.ReadUInt64LittleEndian(current[XfrmUapi.CurrentBytes..]),
            BinaryPrimitives.ReadUInt64LittleEndian(current[XfrmUapi.CurrentPackets..]),
            BinaryPrimitives.ReadUInt64LittleEndian(current[XfrmUapi.CurrentAddTime..]),
            BinaryPrimitives.ReadUInt32LittleEndian(stats[XfrmUapi.StatsReplay..]),
            BinaryPrimitives.ReadUInt32LittleEndian(stats[XfrmUapi.StatsIntegrityFailed..]),
            outbound, inbound);
    }
}
