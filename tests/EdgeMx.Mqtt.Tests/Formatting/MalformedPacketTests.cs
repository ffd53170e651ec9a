using System.Buffers;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Formatting;

/// <summary>Every length the wire carries, lied about: each is rejected with a protocol exception, nothing else.</summary>
public class MalformedPacketTests
{
    private static MqttProtocolException Reject(MqttProtocolVersion version, string hex, int maximumPacketSize = 1 << 20)
    {
        var adapter = new MqttPacketFormatterAdapter(version, maximumPacketSize);
        return Assert.Throws<MqttProtocolException>(() => adapter.TryRead(Hex.Parse(hex), out _, out _));
    }

    // --- Remaining Length (fixed header) ---

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Remaining_length_of_five_bytes(MqttProtocolVersion v) =>
        Assert.Equal(MqttReasonCode.MalformedPacket, Reject(v, "30 ff ff ff ff 01", int.MaxValue).ReasonCode);

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Remaining_length_not_minimal(MqttProtocolVersion v) => Reject(v, "c0 80 00");

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public void Packet_over_the_maximum_size_is_refused_from_its_header_alone(MqttProtocolVersion v)
    {
        // 30 | ff ff ff 7f announces 268 MB; only the five header bytes exist and none of the body is awaited.
        var e = Reject(v, "30 ff ff ff 7f", maximumPacketSize: 4096);
        Assert.Equal(MqttReasonCode.PacketTooLarge, e.ReasonCode);
        // The limit counts the whole packet, fixed header included: 3 + 4093 = 4096 is awaited, 3 + 4094 is refused.
        var adapter = new MqttPacketFormatterAdapter(v, 4096);
        Assert.False(adapter.TryRead(Hex.Parse("30 fd 1f"), out _, out _));
        Assert.Throws<MqttProtocolException>(() => adapter.TryRead(Hex.Parse("30 fe 1f"), out _, out _));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311, "40 01 00")]        // PUBACK shorter than its packet id
    [InlineData(MqttProtocolVersion.V311, "40 03 00 01 00")]  // PUBACK with a stray byte (3.1.1 has no reason code)
    [InlineData(MqttProtocolVersion.V311, "b0 03 00 01 00")]  // UNSUBACK likewise
    [InlineData(MqttProtocolVersion.V311, "c0 01 00")]        // PINGREQ with a body
    [InlineData(MqttProtocolVersion.V311, "d0 01 00")]        // PINGRESP with a body
    [InlineData(MqttProtocolVersion.V311, "e0 01 00")]        // DISCONNECT with a body
    [InlineData(MqttProtocolVersion.V311, "20 01 00")]        // CONNACK too short
    [InlineData(MqttProtocolVersion.V311, "20 03 00 00 00")]  // CONNACK too long
    [InlineData(MqttProtocolVersion.V311, "90 02 00 01")]     // SUBACK without return codes
    [InlineData(MqttProtocolVersion.V311, "82 02 00 01")]     // SUBSCRIBE without filters
    [InlineData(MqttProtocolVersion.V311, "a2 02 00 01")]     // UNSUBSCRIBE without filters
    [InlineData(MqttProtocolVersion.V500, "40 01 00")]
    [InlineData(MqttProtocolVersion.V500, "c0 01 00")]
    [InlineData(MqttProtocolVersion.V500, "d0 01 00")]
    [InlineData(MqttProtocolVersion.V500, "20 02 00 00")]     // CONNACK without its property length
    [InlineData(MqttProtocolVersion.V500, "20 04 00 00 00 00")] // CONNACK with a stray byte after the properties
    [InlineData(MqttProtocolVersion.V500, "40 05 00 01 00 00 00")] // PUBACK with a stray byte after the properties
    [InlineData(MqttProtocolVersion.V500, "90 03 00 01 00")]  // SUBACK without reason codes
    [InlineData(MqttProtocolVersion.V500, "b0 03 00 01 00")]  // UNSUBACK without reason codes
    [InlineData(MqttProtocolVersion.V500, "e0 03 00 00 00")] // DISCONNECT with a stray byte
    public void Remaining_length_that_disagrees_with_the_fields(MqttProtocolVersion v, string hex) => Reject(v, hex);

    // --- lengths inside the body ---

    [Theory]
    [InlineData(MqttProtocolVersion.V311, "30 05 00 10 61 62 63")]          // topic length 16, 3 bytes left
    [InlineData(MqttProtocolVersion.V500, "30 05 00 10 61 62 63")]
    [InlineData(MqttProtocolVersion.V311, "30 01 00")]                      // topic length cut in half
    [InlineData(MqttProtocolVersion.V500, "30 03 00 01 61")]                // no property length at all
    [InlineData(MqttProtocolVersion.V311, "32 04 00 01 61 00")]             // packet id cut in half
    [InlineData(MqttProtocolVersion.V311, "82 05 00 01 00 01 61")]          // SUBSCRIBE filter without its QoS byte
    [InlineData(MqttProtocolVersion.V311, "82 07 00 01 00 09 61 62 01")]    // SUBSCRIBE filter length past the end
    [InlineData(MqttProtocolVersion.V500, "a2 06 00 01 00 00 05 61")]       // UNSUBSCRIBE filter length past the end
    // CONNECT "MQTT" 4, flags user+password, keep-alive, client id "c", user "u", password length 9 with 1 byte
    [InlineData(MqttProtocolVersion.V311, "10 13 00 04 4d 51 54 54 04 c2 00 3c 00 01 63 00 01 75 00 09 70")]
    // CONNECT with a protocol-name length of 200
    [InlineData(MqttProtocolVersion.V311, "10 0c 00 c8 4d 51 54 54 04 02 00 3c 00 00")]
    // CONNECT v5 whose Will payload length runs past the end
    [InlineData(MqttProtocolVersion.V500, "10 16 00 04 4d 51 54 54 05 06 00 3c 00 00 01 63 00 00 01 74 00 7f 6f 66")]
    public void String_and_binary_lengths_past_the_end(MqttProtocolVersion v, string hex) => Reject(v, hex);

    [Theory]
    [InlineData("30 06 00 01 61 05 01 01")]                 // property length 5, 2 bytes left
    [InlineData("30 07 00 01 61 02 02 00 00")]              // property length 2 cuts a four-byte Message Expiry
    [InlineData("30 07 00 01 61 03 03 00 05")]              // Content Type string cut by its property block
    [InlineData("30 08 00 01 61 04 26 00 01 6b")]           // User Property missing its value
    [InlineData("30 07 00 01 61 03 0b ff ff")]              // Subscription Identifier VBI running out
    [InlineData("30 09 00 01 61 05 0b ff ff ff ff")]        // Subscription Identifier VBI of five bytes
    [InlineData("30 07 00 01 61 80 80 80 80")]              // property length VBI of five bytes
    [InlineData("30 06 00 01 61 80 00 00")]                 // property length not minimal
    [InlineData("40 05 00 01 10 09 1f")]                    // PUBACK properties announced but absent
    [InlineData("20 05 00 00 03 21 00")]                    // CONNACK Receive Maximum cut in half
    [InlineData("e0 03 04 05 1f")]                          // DISCONNECT Reason String length missing
    public void Property_lengths_past_the_end(string hex) => Reject(MqttProtocolVersion.V500, hex);

    // --- protocol violations that are not lengths ---

    [Theory]
    [InlineData(MqttProtocolVersion.V311, "00 00")]                   // type 0
    [InlineData(MqttProtocolVersion.V311, "f0 00")]                   // AUTH in 3.1.1
    [InlineData(MqttProtocolVersion.V500, "36 03 00 01 61")]          // QoS 3
    [InlineData(MqttProtocolVersion.V500, "38 04 00 01 61 00")]       // DUP at QoS 0
    [InlineData(MqttProtocolVersion.V311, "60 02 00 01")]             // PUBREL with flags 0000
    [InlineData(MqttProtocolVersion.V311, "41 02 00 01")]             // PUBACK with flags 0001
    [InlineData(MqttProtocolVersion.V311, "40 02 00 00")]             // packet id 0
    [InlineData(MqttProtocolVersion.V311, "30 05 00 03 61 2f 2b")]    // wildcard in a topic name
    [InlineData(MqttProtocolVersion.V311, "30 04 00 02 c3 28")]       // invalid UTF-8
    [InlineData(MqttProtocolVersion.V311, "30 04 00 02 ed a0")]       // truncated UTF-8 (encoded surrogate start)
    [InlineData(MqttProtocolVersion.V311, "30 03 00 01 00")]          // U+0000
    [InlineData(MqttProtocolVersion.V311, "30 02 00 00")]             // empty topic in 3.1.1
    [InlineData(MqttProtocolVersion.V500, "30 03 00 00 00")]          // empty topic without a Topic Alias in 5.0
    [InlineData(MqttProtocolVersion.V311, "20 02 00 06")]             // CONNACK return code 6
    [InlineData(MqttProtocolVersion.V311, "20 02 01 05")]             // refused with Session Present
    [InlineData(MqttProtocolVersion.V311, "20 02 02 00")]             // CONNACK reserved flag
    [InlineData(MqttProtocolVersion.V311, "90 03 00 01 03")]          // SUBACK return code 3
    [InlineData(MqttProtocolVersion.V500, "90 04 00 01 00 8e")]       // SUBACK reason Session taken over
    [InlineData(MqttProtocolVersion.V500, "40 03 00 01 04")]          // PUBACK reason 0x04
    [InlineData(MqttProtocolVersion.V500, "30 06 00 01 61 02 01 02")] // Payload Format 2
    [InlineData(MqttProtocolVersion.V500, "30 09 00 01 61 05 11 00 00 00 01")] // Session Expiry in PUBLISH
    [InlineData(MqttProtocolVersion.V500, "30 0e 00 01 61 0a 02 00 00 00 01 02 00 00 00 01")] // Message Expiry twice
    [InlineData(MqttProtocolVersion.V500, "30 05 00 01 61 01 7f")]    // unknown property 0x7f
    [InlineData(MqttProtocolVersion.V500, "20 06 00 00 03 21 00 00")] // Receive Maximum 0
    [InlineData(MqttProtocolVersion.V500, "20 08 00 00 05 27 00 00 00 00")] // Maximum Packet Size 0
    [InlineData(MqttProtocolVersion.V500, "20 05 00 00 02 24 02")]    // Maximum QoS 2
    [InlineData(MqttProtocolVersion.V500, "82 07 00 01 00 00 01 61 c0")] // SUBSCRIBE reserved option bits
    [InlineData(MqttProtocolVersion.V500, "82 07 00 01 00 00 01 61 30")] // Retain Handling 3
    [InlineData(MqttProtocolVersion.V500, "82 0b 00 01 04 0b 01 0b 02 00 01 61 00")] // two Subscription Identifiers in SUBSCRIBE
    [InlineData(MqttProtocolVersion.V500, "30 07 00 01 61 03 23 00 00")] // Topic Alias 0
    public void Protocol_violations(MqttProtocolVersion v, string hex) => Reject(v, hex);

    [Fact]
    public void Reader_position_is_unchanged_after_a_failed_read()
    {
        var body = Hex.Parse("00 09 61 62");
        var reader = new MqttPacketReader(body);
        try { reader.ReadString(); Assert.Fail("expected a malformed-packet error"); }
        catch (MqttProtocolException) { }
        Assert.Equal(0, reader.Position);
        reader.ReadUInt16();
        try { reader.ReadUInt32(); Assert.Fail("expected a malformed-packet error"); }
        catch (MqttProtocolException) { }
        Assert.Equal(2, reader.Position);
    }

    public static IEnumerable<object[]> Samples() => PacketSamples.All();

    /// <summary>Every byte of every valid packet flipped and every body cut short: a packet or a protocol exception,
    /// never an IndexOutOfRange or any other exception.</summary>
    [Theory]
    [MemberData(nameof(Samples))]
    public void Mutations_give_a_packet_or_a_protocol_exception(MqttProtocolVersion version, PacketSamples.Sample sample)
    {
        var adapter = new MqttPacketFormatterAdapter(version, 1 << 20);
        var output = new ArrayBufferWriter<byte>();
        adapter.Write(sample.Packet, output);
        var bytes = output.WrittenSpan.ToArray();
        Assert.True(MqttFrameReader.TryReadHeader(bytes, 1 << 20, out var header));

        for (var i = header.HeaderLength; i < bytes.Length; i++)
        {
            foreach (var value in new byte[] { 0x00, 0x01, 0x7f, 0x80, 0xff, (byte)(bytes[i] + 1) })
            {
                var mutated = (byte[])bytes.Clone();
                mutated[i] = value;
                DecodeOrProtocolError(adapter, header, mutated.AsSpan(header.HeaderLength).ToArray());
            }
        }
        for (var cut = 0; cut < header.RemainingLength; cut++)
            DecodeOrProtocolError(adapter, header with { RemainingLength = cut }, bytes.AsSpan(header.HeaderLength, cut).ToArray());
    }

    private static void DecodeOrProtocolError(MqttPacketFormatterAdapter adapter, MqttFixedHeader header, byte[] body)
    {
        try
        {
            adapter.Formatter.Read(header with { RemainingLength = body.Length }, body);
        }
        catch (MqttProtocolException)
        {
        }
    }
}
