using System.Runtime.InteropServices;
using System.Text;

namespace EdgeMx.Net.Netlink;

/// <summary>One message of a netlink datagram: its header and the payload after it (nlmsg_len - 16 bytes).</summary>
public readonly ref struct NetlinkMessage
{
    // struct nlmsgerr: int error; struct nlmsghdr msg; then (with NETLINK_EXT_ACK) NLMSGERR_ATTR_* attributes.
    public const int ErrorCodeSize = 4;
    public const int ErrorSize = ErrorCodeSize + NetlinkMessageHeader.Size;
    public const ushort ExtAckMessage = 1; // NLMSGERR_ATTR_MSG: the kernel's human-readable reason
    public const ushort ExtAckOffset = 2;  // NLMSGERR_ATTR_OFFS: offset of the offending attribute

    public NetlinkMessage(NetlinkMessageHeader header, ReadOnlySpan<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    public NetlinkMessageHeader Header { get; }
    public ushort Type => Header.Type;
    public NetlinkFlags Flags => Header.Flags;
    public uint Sequence => Header.Sequence;
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The attributes after a fixed header of <paramref name="fixedHeaderSize"/> bytes (ifinfomsg, rtmsg, ...).</summary>
    public NetlinkAttributeReader Attributes(int fixedHeaderSize)
    {
        if (Payload.Length < fixedHeaderSize)
            throw new NetlinkFormatException($"{NetlinkMessageType.Name(Type)}: payload of {Payload.Length} bytes is shorter than its {fixedHeaderSize}-byte header");
        return new NetlinkAttributeReader(Payload[Math.Min(NetlinkMessageHeader.Align(fixedHeaderSize), Payload.Length)..]);
    }

    /// <summary>
    /// The error code of an NLMSG_ERROR (0 is an ACK, otherwise a negative errno) and the kernel's extended-ACK text
    /// when it sent one.
    /// </summary>
    public int ReadError(out string? kernelMessage)
    {
        kernelMessage = null;
        if (Type != NetlinkMessageType.Error) throw new InvalidOperationException($"{NetlinkMessageType.Name(Type)} is not NLMSG_ERROR");
        if (Payload.Length < ErrorSize)
            throw new NetlinkFormatException($"NLMSG_ERROR payload of {Payload.Length} bytes is shorter than struct nlmsgerr ({ErrorSize})");
        var error = MemoryMarshal.Read<int>(Payload);
        if ((Flags & NetlinkFlags.AckTlvs) == 0) return error;

        // The echoed request is only its header when NLM_F_CAPPED, else the whole request (its own nlmsg_len).
        var echoed = NetlinkMessageHeader.Read(Payload[ErrorCodeSize..]);
        var tlvOffset = (Flags & NetlinkFlags.Capped) != 0
            ? ErrorSize
            : ErrorCodeSize + NetlinkMessageHeader.Align((int)Math.Min(echoed.Length, int.MaxValue));
        if (tlvOffset < ErrorSize || tlvOffset > Payload.Length)
            throw new NetlinkFormatException($"NLMSG_ERROR: echoed request length {echoed.Length} runs past the {Payload.Length}-byte payload");
        var attributes = new NetlinkAttributeReader(Payload[tlvOffset..]);
        while (attributes.TryRead(out var attribute))
        {
            if (attribute.Type == ExtAckMessage)
            {
                var end = attribute.Payload.IndexOf((byte)0);
                kernelMessage = Encoding.UTF8.GetString(end < 0 ? attribute.Payload : attribute.Payload[..end]);
            }
        }
        return error;
    }
}
