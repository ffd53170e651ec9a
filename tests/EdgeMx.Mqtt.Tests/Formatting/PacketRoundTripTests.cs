using System.Buffers;
using System.Text.Json;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Formatting;

public class PacketRoundTripTests
{
    public static IEnumerable<object[]> Samples() => PacketSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_packet_survives_encode_then_decode(MqttProtocolVersion version, PacketSamples.Sample sample)
    {
        var adapter = new MqttPacketFormatterAdapter(version, MqttPacketFormatterAdapter.ProtocolMaximumPacketSize);
        var output = new ArrayBufferWriter<byte>();
        var written = adapter.Write(sample.Packet, output);
        Assert.Equal(written, output.WrittenCount);
        Assert.Equal(adapter.Measure(sample.Packet), written);

        Assert.True(adapter.TryRead(output.WrittenSpan, out var decoded, out var consumed));
        Assert.Equal(written, consumed);
        Assert.Equal(Describe(sample.Packet), Describe(decoded));

        var again = new ArrayBufferWriter<byte>();
        adapter.Write(decoded, again);
        Assert.Equal(Hex.Format(output.WrittenSpan), Hex.Format(again.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void An_incomplete_packet_consumes_nothing(MqttProtocolVersion version, PacketSamples.Sample sample)
    {
        var adapter = new MqttPacketFormatterAdapter(version, 1 << 20);
        var output = new ArrayBufferWriter<byte>();
        adapter.Write(sample.Packet, output);
        for (var cut = 0; cut < output.WrittenCount; cut++)
        {
            Assert.False(adapter.TryRead(output.WrittenSpan[..cut], out var packet, out var consumed));
            Assert.Null(packet);
            Assert.Equal(0, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Two_packets_in_one_buffer_are_read_one_at_a_time(MqttProtocolVersion version, PacketSamples.Sample sample)
    {
        var adapter = new MqttPacketFormatterAdapter(version, 1 << 20);
        var output = new ArrayBufferWriter<byte>();
        var first = adapter.Write(sample.Packet, output);
        adapter.Write(PingRespPacket.Instance, output);
        Assert.True(adapter.TryRead(output.WrittenSpan, out _, out var consumed));
        Assert.Equal(first, consumed);
        Assert.True(adapter.TryRead(output.WrittenSpan[consumed..], out var second, out _));
        Assert.IsType<PingRespPacket>(second);
    }

    // Known encodings, worked out by hand from the spec, so the formatters are not only checked against themselves.
    [Theory]
    [InlineData(MqttProtocolVersion.V311, "c000")]                                   // PINGREQ
    [InlineData(MqttProtocolVersion.V311, "100c00044d5154540402003c0000")]            // CONNECT "" clean, keep-alive 60
    [InlineData(MqttProtocolVersion.V311, "20020100")]                               // CONNACK session present, accepted
    [InlineData(MqttProtocolVersion.V311, "40020042")]                               // PUBACK 66
    [InlineData(MqttProtocolVersion.V311, "62020003")]                               // PUBREL 3 (flags 0010)
    [InlineData(MqttProtocolVersion.V311, "3206000161000568")]                       // PUBLISH QoS 1 "a" id 5 payload "h"
    [InlineData(MqttProtocolVersion.V311, "82060001000161 01")]                      // SUBSCRIBE id 1 "a" QoS 1
    [InlineData(MqttProtocolVersion.V311, "9003000101")]                             // SUBACK id 1 granted 1
    [InlineData(MqttProtocolVersion.V500, "100d00044d5154540502003c000000")]          // CONNECT v5 with empty properties
    [InlineData(MqttProtocolVersion.V500, "2003000000")]                             // CONNACK v5
    [InlineData(MqttProtocolVersion.V500, "400300 2a 10")]                           // PUBACK 42 No matching subscribers
    [InlineData(MqttProtocolVersion.V500, "3006000161 00 6869")]                     // PUBLISH QoS 0 "a" "hi"
    [InlineData(MqttProtocolVersion.V500, "e000")]                                   // DISCONNECT normal (empty)
    [InlineData(MqttProtocolVersion.V500, "e0018e")]                                 // DISCONNECT Session taken over
    [InlineData(MqttProtocolVersion.V500, "f006180415000161")]                       // AUTH continue, method "a"
    [InlineData(MqttProtocolVersion.V500, "2009 00 00 06 210014 22000a")]            // CONNACK receive max 20, topic alias max 10
    public void Spec_encodings_decode_and_re_encode_identically(MqttProtocolVersion version, string hex)
    {
        var bytes = Hex.Parse(hex);
        var adapter = new MqttPacketFormatterAdapter(version, 1 << 20);
        Assert.True(adapter.TryRead(bytes, out var packet, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        var output = new ArrayBufferWriter<byte>();
        adapter.Write(packet, output);
        Assert.Equal(Hex.Format(bytes), Hex.Format(output.WrittenSpan));
    }

    [Fact]
    public void Connect_never_prints_the_password()
    {
        var connect = new ConnectPacket { ClientId = "c", UserName = "u", Password = "hunter2"u8.ToArray() };
        Assert.DoesNotContain("hunter2", connect.ToString());
        Assert.DoesNotContain("104", connect.ToString()); // nor its bytes
        Assert.Contains("***", connect.ToString());
    }

    [Fact]
    public void Writing_over_the_brokers_maximum_packet_size_is_refused()
    {
        var adapter = new MqttPacketFormatterAdapter(MqttProtocolVersion.V500, 1 << 20) { MaximumOutgoingPacketSize = 100 };
        var big = new PublishPacket { Topic = "t", Payload = new byte[100] };
        Assert.False(adapter.FitsOutgoing(big));
        Assert.Throws<ArgumentException>(() => adapter.Write(big, new ArrayBufferWriter<byte>()));
        Assert.True(adapter.FitsOutgoing(big with { Payload = new byte[10] }));
    }

    public static IEnumerable<object[]> V5OnlyPackets() =>
    [
        [new PubAckPacket { PacketId = 1, ReasonCode = MqttReasonCode.QuotaExceeded }],
        [new PublishPacket { Topic = "a", Properties = new MqttProperties { MessageExpiryInterval = 5 } }],
        [new DisconnectPacket { ReasonCode = MqttReasonCode.DisconnectWithWillMessage }],
        [new AuthPacket()],
        [new UnsubAckPacket { PacketId = 1, ReasonCodes = [MqttReasonCode.Success] }],
        [new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription { TopicFilter = "a", NoLocal = true }] }],
        [new ConnectPacket { ProtocolVersion = MqttProtocolVersion.V311, ClientId = "c", Password = [1] }],
        [new ConnAckPacket { ReasonCode = MqttReasonCode.QuotaExceeded }],
    ];

    [Theory]
    [MemberData(nameof(V5OnlyPackets))]
    public void The_3_1_1_writer_refuses_what_only_5_0_can_say(MqttPacket packet) =>
        Assert.Throws<ArgumentException>(() => MqttPacketFormatterAdapter.Create(MqttProtocolVersion.V311).Measure(packet));

    public static IEnumerable<object[]> InvalidPackets() =>
    [
        [new PublishPacket { Topic = "a/+", Payload = new byte[1] }],
        [new PublishPacket { Topic = "a", Qos = MqttQos.AtLeastOnce }],                  // no packet id
        [new PublishPacket { Topic = "a", Dup = true }],                                 // DUP at QoS 0
        [new SubscribePacket { PacketId = 1, Subscriptions = [new MqttSubscription { TopicFilter = "a/#/b" }] }],
        [new SubscribePacket { PacketId = 1 }],                                          // empty list
        [new UnsubscribePacket { PacketId = 1, TopicFilters = ["a+"] }],
        [new PubAckPacket { PacketId = 1, ReasonCode = MqttReasonCode.ServerMoved }],     // not a PUBACK reason
        [new PubAckPacket { PacketId = 1, Properties = new MqttProperties { ContentType = "x" } }], // not a PUBACK property
        [new PublishPacket { Topic = "a", Properties = new MqttProperties { SubscriptionIdentifiers = [0] } }],
        [new PublishPacket { Topic = "a\0b" }],
        [new PublishPacket { Topic = "\ud800" }],                                        // unpaired surrogate
        [new PublishPacket { Topic = new string('x', 65_536) }],
    ];

    [Theory]
    [MemberData(nameof(InvalidPackets))]
    public void The_5_0_writer_refuses_invalid_packets(MqttPacket packet) =>
        Assert.Throws<ArgumentException>(() => MqttPacketFormatterAdapter.Create(MqttProtocolVersion.V500).Measure(packet));

    /// <summary>Structural view of a packet for comparison (records compare arrays by reference).</summary>
    internal static string Describe(MqttPacket packet) =>
        packet.GetType().Name + JsonSerializer.Serialize(packet, packet.GetType(), Options);

    private static readonly JsonSerializerOptions Options = new() { IncludeFields = false };
}
