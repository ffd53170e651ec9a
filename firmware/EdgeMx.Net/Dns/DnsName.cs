using System.Text;

namespace EdgeMx.Net.Dns;

/// <summary>
/// Domain names on the wire (RFC 1035 §3.1, §4.1.4): labels of 1-63 octets, at most 255 octets in all, and
/// compression pointers on reading. Pointers must point backwards, so a hostile message cannot loop us.
/// </summary>
public static class DnsName
{
    public const int MaxLabelLength = 63;
    public const int MaxWireLength = 255;
    public const int MaxPointerHops = 64;

    public static string Normalise(string name) => name.EndsWith('.') && name.Length > 1 ? name[..^1] : name;

    /// <summary>The encoded length of <paramref name="name"/>; throws for names that cannot be encoded.</summary>
    public static int WireLength(string name)
    {
        name = Normalise(name);
        if (name is "." or "") return 1;
        var length = 1;
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength)
                throw new ArgumentException($"'{name}': label '{label}' must be 1..{MaxLabelLength} characters", nameof(name));
            if (label.Any(c => c > 0x7e || c <= 0x20))
                throw new ArgumentException($"'{name}': label '{label}' has characters outside printable ASCII", nameof(name));
            length += label.Length + 1;
        }
        if (length > MaxWireLength) throw new ArgumentException($"'{name}' is longer than {MaxWireLength} octets on the wire", nameof(name));
        return length;
    }

    /// <summary>Writes the uncompressed encoding and returns its length.</summary>
    public static int Write(string name, Span<byte> destination)
    {
        var length = WireLength(name);
        if (destination.Length < length) throw new ArgumentException("destination too small for the name", nameof(destination));
        name = Normalise(name);
        var position = 0;
        if (name is not ("." or ""))
        {
            foreach (var label in name.Split('.'))
            {
                destination[position++] = (byte)label.Length;
                position += Encoding.ASCII.GetBytes(label, destination[position..]);
            }
        }
        destination[position++] = 0;
        return position;
    }

    /// <summary>
    /// Reads a possibly compressed name starting at <paramref name="offset"/> of <paramref name="message"/>; returns
    /// it (no trailing dot, "." for the root) and the octets it occupies at <paramref name="offset"/>.
    /// </summary>
    public static string Read(ReadOnlySpan<byte> message, int offset, out int consumed)
    {
        var builder = new StringBuilder();
        var position = offset;
        var wireLength = 1;
        var hops = 0;
        consumed = -1;
        while (true)
        {
            if (position >= message.Length) throw new DnsFormatException($"name at offset {offset} runs past the end of the message");
            var b = message[position];
            switch (b >> 6)
            {
                case 0 when b == 0:
                    if (consumed < 0) consumed = position + 1 - offset;
                    return builder.Length == 0 ? "." : builder.ToString();
                case 0:
                    if (position + 1 + b > message.Length)
                        throw new DnsFormatException($"label of {b} octets at offset {position} runs past the end of the message");
                    wireLength += b + 1;
                    if (wireLength > MaxWireLength) throw new DnsFormatException($"name at offset {offset} is longer than {MaxWireLength} octets");
                    if (builder.Length > 0) builder.Append('.');
                    AppendLabel(builder, message.Slice(position + 1, b));
                    position += 1 + b;
                    break;
                case 3:
                    if (position + 1 >= message.Length) throw new DnsFormatException($"compression pointer at offset {position} is cut short");
                    var target = ((b & 0x3f) << 8) | message[position + 1];
                    if (target >= position) throw new DnsFormatException($"compression pointer at offset {position} points forward to {target}");
                    if (++hops > MaxPointerHops) throw new DnsFormatException($"name at offset {offset} follows more than {MaxPointerHops} pointers");
                    if (consumed < 0) consumed = position + 2 - offset;
                    position = target;
                    break;
                default:
                    throw new DnsFormatException($"label type 0x{b & 0xc0:x2} at offset {position} is reserved");
            }
        }
    }

    private static void AppendLabel(StringBuilder builder, ReadOnlySpan<byte> label)
    {
        foreach (var c in label)
        {
            // Keep the name printable and unambiguous (RFC 4343 §2.1 presentation escapes).
            if (c is (byte)'.' or (byte)'\\') builder.Append('\\').Append((char)c);
            else if (c > 0x20 && c < 0x7f) builder.Append((char)c);
            else builder.Append('\\').Append(c.ToString("000"));
        }
    }
}
