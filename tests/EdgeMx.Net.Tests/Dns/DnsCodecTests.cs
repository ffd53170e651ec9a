using System.Net;
using EdgeMx.Net.Dns;
using EdgeMx.Testing;

namespace EdgeMx.Net.Tests.Dns;

public class DnsCodecTests
{
    [Fact]
    public void A_query_encodes_as_rfc_1035_says()
    {
        var bytes = DnsMessageWriter.ToArray(DnsMessage.Query(0x1234, "www.lab.", DnsRecordType.A));
        Assert.Equal(Hex.Parse("1234 0100 0001 0000 0000 0000 03 777777 03 6c6162 00 0001 0001"), bytes);
    }

    [Fact]
    public void Responses_round_trip_with_every_section()
    {
        var message = new DnsMessage
        {
            Id = 0xbeef, IsResponse = true, Authoritative = true, RecursionDesired = true, RecursionAvailable = true,
            ResponseCode = DnsResponseCode.NoError,
            Questions = [new DnsQuestion("probe.lab", DnsRecordType.A)],
            Answers =
            [
                DnsRecord.ForCanonicalName("probe.lab", "www.lab"),
                DnsRecord.ForAddress("www.lab", IPAddress.Parse("203.0.113.101"), 300),
                DnsRecord.ForAddress("www.lab", IPAddress.Parse("2001:db8::65")),
            ],
            Authorities = [new DnsRecord("lab", DnsRecordType.NS, 1, 60, Hex.Parse("02 6e73 03 6c6162 00"))],
            Additionals = [new DnsRecord(".", DnsRecordType.OPT, 1232, 0, [])],
        };
        var decoded = DnsMessageReader.Read(DnsMessageWriter.ToArray(message));
        Assert.Equal(message, decoded);
        Assert.Equal("www.lab", decoded.Answers[0].Target);
        Assert.Equal(IPAddress.Parse("203.0.113.101"), decoded.Answers[1].Address);
    }

    [Fact]
    public void Compressed_names_are_followed_backwards()
    {
        // Answer name is a pointer to the question name at offset 12 (0xc00c), the usual server habit.
        var bytes = Hex.Parse("0001 8180 0001 0001 0000 0000 01 78 04 74657374 00 0001 0001  c00c 0001 0001 0000003c 0004 01020304");
        var message = DnsMessageReader.Read(bytes);
        Assert.Equal("x.test", message.Answers[0].Name);
        Assert.Equal(IPAddress.Parse("1.2.3.4"), message.Answers[0].Address);
    }

    [Theory]
    [InlineData("0001 8180 0001 0000 0000", "shorter than the 12-octet header")]
    [InlineData("0001 8180 0001 0000 0000 0000 05 7878", "runs past the end")]                    // label longer than what follows
    [InlineData("0001 8180 0001 0000 0000 0000 01 78 00 0001", "cut short")]                       // question without its class
    [InlineData("0001 8180 0001 0000 0000 0000 c00c 0001 0001", "points forward")]                 // pointer to itself
    [InlineData("0001 8180 0001 0000 0000 0000 c0ff 0001 0001", "points forward")]                 // pointer past the end
    [InlineData("0001 8180 0001 0000 0000 0000 c0", "cut short")]                                  // half a pointer
    [InlineData("0001 8180 0001 0000 0000 0000 41 78 00 0001 0001", "reserved")]                  // label type 01
    [InlineData("0001 8180 0000 0001 0000 0000 01 78 00 0001 0001 00000001 0005 01020304", "RDLENGTH 5 runs past")]
    [InlineData("0001 8180 0000 0001 0000 0000 01 78 00 0001 0001 00000001 0003 010203", "expected 4")]
    [InlineData("0001 8180 0000 0001 0000 0000 01 78 00 001c 0001 00000001 0004 01020304", "expected 16")]
    [InlineData("0001 8180 0000 0001 0000 0000 01 78 00 0001 0001 0000", "cut short")]            // record header cut
    [InlineData("0001 8180 0000 0002 0000 0000 01 78 00 0001 0001 00000001 0004 01020304", "runs past the end")] // count says two
    [InlineData("0001 8180 0000 0000 0000 0000 00", "follow the last record")]                     // trailing byte
    [InlineData("0001 8180 0000 0001 0000 0000 01 78 00 0005 0001 00000001 0004 01 79 00 00", "CNAME name is 3 octets, RDLENGTH 4")]
    public void Malformed_messages_are_rejected_with_a_reason(string hex, string reason)
    {
        var e = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Read(Hex.Parse(hex)));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Names_longer_than_255_octets_are_rejected_even_through_pointers()
    {
        // 5 labels of 63 octets = 320 octets on the wire.
        var label = "3f" + string.Concat(Enumerable.Repeat("61", 63));
        var hex = "0001 8180 0001 0000 0000 0000" + string.Concat(Enumerable.Repeat(label, 5)) + "00 0001 0001";
        var e = Assert.Throws<DnsFormatException>(() => DnsMessageReader.Read(Hex.Parse(hex)));
        Assert.Contains("longer than 255", e.Message);
        // A chain of pointers, each to the previous one, is bounded too.
        var chain = new List<byte>(Hex.Parse("0001 8180 0001 0000 0000 0000 01 78 00"));
        for (var i = 0; i < 80; i++)
        {
            var target = i == 0 ? 12 : chain.Count - 2;
            chain.Add((byte)(0xc0 | (target >> 8)));
            chain.Add((byte)target);
        }
        chain.AddRange(Hex.Parse("0001 0001"));
        var pointerBytes = chain.ToArray();
        // Point the question at the last pointer of the chain.
        var last = pointerBytes.Length - 6;
        var hop = Assert.Throws<DnsFormatException>(() => DnsName.Read(pointerBytes, last, out _));
        Assert.Contains("more than 64 pointers", hop.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("has space.lab")]
    public void Unencodable_names_are_refused_by_the_writer(string name)
    {
        if (name == "") Assert.Equal(1, DnsName.WireLength(name)); // the root
        else Assert.Throws<ArgumentException>(() => DnsName.WireLength(name));
        Assert.Throws<ArgumentException>(() => DnsName.WireLength(new string('a', 64) + ".lab"));
        Assert.Throws<ArgumentException>(() => DnsName.WireLength(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))));
    }
}
