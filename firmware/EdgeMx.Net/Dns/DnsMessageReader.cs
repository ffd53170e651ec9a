using System.Buffers.Binary;
using System.Net;

namespace EdgeMx.Net.Dns;

/// <summary>
/// Parses a whole DNS message strictly: every count is honoured, every RDLENGTH checked against the bytes left and
/// against the record type (4 for A, 16 for AAAA, exactly one name for CNAME), and nothing may follow the last
/// record. Any violation is a <see cref="DnsFormatException"/> and no message is returned.
/// </summary>
public static class DnsMessageReader
{
    public static DnsMessage Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < DnsMessage.HeaderSize)
            throw new DnsFormatException($"message of {message.Length} octets is shorter than the {DnsMessage.HeaderSize}-octet header");
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var flags = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var questionCount = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answerCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);
        var authorityCount = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        var additionalCount = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);

        var position = DnsMessage.HeaderSize;
        var questions = new List<DnsQuestion>(Math.Min((int)questionCount, 16));
        for (var i = 0; i < questionCount; i++)
        {
            var name = DnsName.Read(message, position, out var consumed);
            position += consumed;
            if (position + 4 > message.Length) throw new DnsFormatException($"question {i + 1} is cut short at offset {position}");
            questions.Add(new DnsQuestion(name, (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[position..]),
                BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..])));
            position += 4;
        }
        var answers = ReadRecords(message, ref position, answerCount, "answer");
        var authorities = ReadRecords(message, ref position, authorityCount, "authority");
        var additionals = ReadRecords(message, ref position, additionalCount, "additional");
        if (position != message.Length)
            throw new DnsFormatException($"{message.Length - position} octets follow the last record");

        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (byte)((flags >> 11) & 0xf),
            Authoritative = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0xf),
            Questions = questions,
            Answers = answers,
            Authorities = authorities,
            Additionals = additionals,
        };
    }

    private static List<DnsRecord> ReadRecords(ReadOnlySpan<byte> message, ref int position, int count, string section)
    {
        var records = new List<DnsRecord>(Math.Min(count, 32));
        for (var i = 0; i < count; i++)
        {
            var name = DnsName.Read(message, position, out var consumed);
            position += consumed;
            if (position + 10 > message.Length) throw new DnsFormatException($"{section} record {i + 1} is cut short at offset {position}");
            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[position..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(position + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 8)..]);
            position += 10;
            if (position + length > message.Length)
                throw new DnsFormatException($"{section} record {i + 1} ({type}): RDLENGTH {length} runs past the end of the message");
            var data = message.Slice(position, length);
            IPAddress? address = null;
            string? target = null;
            switch (type)
            {
                case DnsRecordType.A when @class == DnsQuestion.ClassInternet:
                    if (length != 4) throw new DnsFormatException($"{section} record {i + 1}: A record with RDLENGTH {length}, expected 4");
                    address = new IPAddress(data);
                    break;
                case DnsRecordType.AAAA when @class == DnsQuestion.ClassInternet:
                    if (length != 16) throw new DnsFormatException($"{section} record {i + 1}: AAAA record with RDLENGTH {length}, expected 16");
                    address = new IPAddress(data);
                    break;
                case DnsRecordType.CNAME:
                    // The target may use pointers into the rest of the message, but must end exactly at RDLENGTH.
                    target = DnsName.Read(message[..(position + length)], position, out var nameLength);
                    if (nameLength != length) throw new DnsFormatException($"{section} record {i + 1}: CNAME name is {nameLength} octets, RDLENGTH {length}");
                    break;
            }
            records.Add(new DnsRecord(name, type, @class, ttl, data.ToArray()) { Address = address, Target = target });
            position += length;
        }
        return records;
    }
}
