using System.Buffers.Binary;

namespace EdgeMx.Net.Dns;

/// <summary>Encodes a DNS message without name compression (queries are tiny; tests use it to build answers).</summary>
public static class DnsMessageWriter
{
    /// <summary>Writes <paramref name="message"/> and returns its length; throws when it does not fit.</summary>
    public static int Write(DnsMessage message, Span<byte> destination)
    {
        CheckCount(message.Questions.Count, "questions");
        CheckCount(message.Answers.Count, "answers");
        CheckCount(message.Authorities.Count, "authorities");
        CheckCount(message.Additionals.Count, "additionals");
        if (message.Opcode > 15) throw new ArgumentException("opcode is 4 bits", nameof(message));
        Need(destination, DnsMessage.HeaderSize);
        var flags = (ushort)((message.IsResponse ? 0x8000 : 0) | (message.Opcode << 11) | (message.Authoritative ? 0x0400 : 0)
            | (message.Truncated ? 0x0200 : 0) | (message.RecursionDesired ? 0x0100 : 0) | (message.RecursionAvailable ? 0x0080 : 0)
            | ((byte)message.ResponseCode & 0xf));
        BinaryPrimitives.WriteUInt16BigEndian(destination, message.Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)message.Questions.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)message.Answers.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], (ushort)message.Authorities.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], (ushort)message.Additionals.Count);
        var position = DnsMessage.HeaderSize;
        foreach (var question in message.Questions)
        {
            Need(destination[position..], DnsName.WireLength(question.Name) + 4);
            position += DnsName.Write(question.Name, destination[position..]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)question.Type);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], question.Class);
            position += 4;
        }
        foreach (var record in message.Answers.Concat(message.Authorities).Concat(message.Additionals))
        {
            if (record.Data.Length > ushort.MaxValue) throw new ArgumentException("RDATA longer than 65535 octets", nameof(message));
            Need(destination[position..], DnsName.WireLength(record.Name) + 10 + record.Data.Length);
            position += DnsName.Write(record.Name, destination[position..]);
            BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)record.Type);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 2)..], record.Class);
            BinaryPrimitives.WriteUInt32BigEndian(destination[(position + 4)..], record.TimeToLive);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(position + 8)..], (ushort)record.Data.Length);
            position += 10;
            record.Data.CopyTo(destination[position..]);
            position += record.Data.Length;
        }
        return position;
    }

    public static byte[] ToArray(DnsMessage message)
    {
        var buffer = new byte[64 * 1024];
        return buffer[..Write(message, buffer)];
    }

    private static void CheckCount(int count, string what)
    {
        if (count > ushort.MaxValue) throw new ArgumentException($"too many {what}");
    }

    private static void Need(Span<byte> destination, int size)
    {
        if (destination.Length < size) throw new ArgumentException($"destination has {destination.Length} octets, {size} needed");
    }
}
