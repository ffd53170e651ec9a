using System.Buffers.Binary;
using EdgeMx.Esp.Ip;
using EdgeMx.Esp.Policy;
using EdgeMx.Esp.Sa;
using EdgeMx.Esp.Transform;

namespace EdgeMx.Esp.DataPlane;

/// <summary>
/// What the user-space data plane does to each packet, without any I/O: outbound (from the TUN device) SPD lookup,
/// MTU and DF handling, MSS clamping and encapsulation in place; inbound (from the UDP or raw ESP socket) SAD
/// lookup, decapsulation in place and MSS clamping. The backend owns the buffers, sockets and threads.
/// </summary>
public sealed class EspPacketPath
{
    /// <summary>Room to leave before an inner packet read from TUN: the largest ESP header + IV (8 + 16).</summary>
    public const int Headroom = 32;

    /// <summary>Room to leave after it: worst-case padding (15) + trailer (2) + ICV (32).</summary>
    public const int Tailroom = 64;

    private readonly ChildSaTable _table;
    private readonly EspPathOptions _options;
    private readonly IcmpRateLimiter _icmpLimiter;
    private readonly UInt128? _lanIpv4;
    private readonly UInt128? _lanIpv6;

    public EspPacketPath(ChildSaTable table, EspPathOptions options, TimeProvider time)
    {
        _table = table;
        _options = options;
        _icmpLimiter = new IcmpRateLimiter(options.IcmpErrorsPerSecond, time);
        foreach (var address in options.LanAddresses)
        {
            if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) _lanIpv4 ??= IpPacket.ToNumber(address);
            else if (!address.IsIPv6LinkLocal) _lanIpv6 ??= IpPacket.ToNumber(address);
        }
    }

    public EspDataPlaneCounters Counters { get; } = new();

    /// <summary>
    /// Handles one packet the kernel routed into the tunnel, at <paramref name="buffer"/>[<see cref="Headroom"/>..].
    /// <see cref="OutboundVerdict.Send"/>: the ESP packet is <paramref name="buffer"/>[espOffset..+espLength], for
    /// <paramref name="target"/>. <see cref="OutboundVerdict.Reply"/>: an ICMP error of <paramref name="replyLength"/>
    /// octets is in <paramref name="reply"/>, to be written back to the TUN device.
    /// </summary>
    public OutboundVerdict Outbound(Span<byte> buffer, int packetLength, Span<byte> reply, out int espOffset, out int espLength,
        out PolicyTarget? target, out int replyLength)
    {
        espOffset = espLength = replyLength = 0;
        target = null;
        var packet = buffer.Slice(Headroom, packetLength);
        if (!IpPacket.TryParse(packet, out var info)) return Drop(EspDropReason.BadInnerPacket);
        var policy = _table.Policies.Lookup(info);
        target = policy?.Target;
        if (target is null) return Drop(EspDropReason.NoPolicy);

        if (info.TotalLength > target.TunnelMtu && (info.IsIpv6 || info.DontFragment))
        {
            // RFC 4301 §8.2.1 / RFC 1191: the LAN host learns the tunnel's MTU from us instead of blackholing.
            target.Sa.Drops.Increment(EspDropReason.TooBig);
            Counters.Drops.Increment(EspDropReason.TooBig);
            var source = info.IsIpv6 ? _lanIpv6 : _lanIpv4;
            if (source is null || !IcmpTooBig.MayAnswer(packet, info) || !_icmpLimiter.TryTake()) return OutboundVerdict.Drop;
            replyLength = IcmpTooBig.Write(packet, info, source.Value, target.TunnelMtu, reply);
            Counters.CountIcmpError();
            return OutboundVerdict.Reply;
        }
        // An IPv4 packet without DF that does not fit is carried anyway: the kernel fragments the outer packet.

        Clamp(packet, info, target.TunnelMtu);
        var nextHeader = info.IsIpv6 ? EspPacket.NextHeaderIpv6 : EspPacket.NextHeaderIpv4;
        var result = target.Sa.Encapsulate(buffer, Headroom, info.TotalLength, nextHeader, out espOffset, out espLength);
        if (result != EspDropReason.None) return Drop(result);
        Counters.CountOut(info.TotalLength);
        return OutboundVerdict.Send;
    }

    /// <summary>
    /// Handles one ESP packet (SPI through ICV; without the UDP header or non-ESP marker) in place. True: the inner
    /// packet at <paramref name="esp"/>[innerOffset..+innerLength] goes to the TUN device.
    /// </summary>
    public bool Inbound(Span<byte> esp, out int innerOffset, out int innerLength)
    {
        innerOffset = innerLength = 0;
        if (esp.Length < EspPacket.HeaderSize)
        {
            Counters.Drops.Increment(EspDropReason.Malformed);
            return false;
        }
        if (!_table.Inbound.TryGet(EspPacket.ReadSpi(esp), out var sa))
        {
            Counters.Drops.Increment(EspDropReason.UnknownSpi);
            return false;
        }
        var result = sa.Decapsulate(esp, out innerOffset, out innerLength, out _);
        if (result != EspDropReason.None)
        {
            Counters.Drops.Increment(result);
            return false;
        }
        sa.Delivered();
        var inner = esp.Slice(innerOffset, innerLength);
        if (IpPacket.TryParse(inner, out var info)) Clamp(inner, info, sa.TunnelMtu);
        Counters.CountIn(innerLength);
        return true;
    }

    private void Clamp(Span<byte> packet, in IpPacketInfo info, int tunnelMtu)
    {
        if (!_options.ClampMss || info.Protocol != IpPacket.ProtocolTcp) return;
        var mss = tunnelMtu > 0 ? TcpMssClamp.MssFor(tunnelMtu, info.IsIpv6) : int.MaxValue;
        if (_options.MaximumSegmentSize is { } configured) mss = Math.Min(mss, configured);
        if (mss == int.MaxValue) return;
        if (TcpMssClamp.Apply(packet, info, mss)) Counters.CountMssClamped();
    }

    private OutboundVerdict Drop(EspDropReason reason)
    {
        Counters.Drops.Increment(reason);
        return OutboundVerdict.Drop;
    }

    /// <summary>The SPI of an ESP packet, for logs.</summary>
    public static uint SpiOf(ReadOnlySpan<byte> esp) => esp.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(esp) : 0;
}
