using System.Buffers.Binary;
using EdgeMx.Esp.Backends.Xfrm;
using EdgeMx.Net.Netlink;

namespace EdgeMx.Esp.Tests.Backends.Xfrm;

public class XfrmSaCountersTests
{
    [Fact]
    public void A_getsa_answer_yields_bytes_packets_drops_and_esn_sequence_numbers()
    {
        var writer = new NetlinkMessageWriter();
        writer.Begin(XfrmUapi.MsgNewSa, NetlinkFlags.None);
        var info = writer.Reserve(XfrmUapi.UsersaInfoSize);
        BinaryPrimitives.WriteUInt32BigEndian(info[(XfrmUapi.SaId + XfrmUapi.IdSpi)..], 0xc0ffee01);
        BinaryPrimitives.WriteUInt64LittleEndian(info[(XfrmUapi.SaCurrent + XfrmUapi.CurrentBytes)..], 123456789);
        BinaryPrimitives.WriteUInt64LittleEndian(info[(XfrmUapi.SaCurrent + XfrmUapi.CurrentPackets)..], 98765);
        BinaryPrimitives.WriteUInt32LittleEndian(info[(XfrmUapi.SaStats + XfrmUapi.StatsReplay)..], 3);
        BinaryPrimitives.WriteUInt32LittleEndian(info[(XfrmUapi.SaStats + XfrmUapi.StatsIntegrityFailed)..], 2);
        var replay = new byte[XfrmUapi.ReplayEsnSize + 16];
        BinaryPrimitives.WriteUInt32LittleEndian(replay.AsSpan(XfrmUapi.ReplayEsnBitmapLength), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(replay.AsSpan(XfrmUapi.ReplayEsnSequence), 7);
        BinaryPrimitives.WriteUInt32LittleEndian(replay.AsSpan(XfrmUapi.ReplayEsnSequenceHigh), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(replay.AsSpan(XfrmUapi.ReplayEsnOutboundSequence), 9);
        writer.AddBytes(XfrmUapi.AttrReplayEsnValue, replay);
        writer.End();

        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        Assert.True(reader.TryRead(out var message));
        var counters = XfrmSaCounters.Parse(message)!;
        Assert.Equal(new XfrmSaCounters(0xc0ffee01, 123456789, 98765, 0, 3, 2, 9, (1UL << 32) | 7), counters);
    }

    [Fact]
    public void A_short_or_foreign_message_is_not_counters()
    {
        var writer = new NetlinkMessageWriter();
        writer.Begin(XfrmUapi.MsgNewSa, NetlinkFlags.None);
        writer.Reserve(100);
        writer.End();
        var reader = new NetlinkMessageReader(writer.WrittenSpan);
        Assert.True(reader.TryRead(out var message));
        Assert.Null(XfrmSaCounters.Parse(message));
    }
}
