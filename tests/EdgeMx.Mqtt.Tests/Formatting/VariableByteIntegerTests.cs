using EdgeMx.Mqtt.Formatting;
using EdgeMx.Testing;

namespace EdgeMx.Mqtt.Tests.Formatting;

public class VariableByteIntegerTests
{
    // MQTT 5.0 §1.5.5, Table 1-1: the boundaries of each encoded size.
    [Theory]
    [InlineData(0, "00")]
    [InlineData(127, "7f")]
    [InlineData(128, "8001")]
    [InlineData(16_383, "ff7f")]
    [InlineData(16_384, "808001")]
    [InlineData(2_097_151, "ffff7f")]
    [InlineData(2_097_152, "80808001")]
    [InlineData(268_435_455, "ffffff7f")]
    public void Encodes_and_decodes_the_spec_boundaries(int value, string hex)
    {
        var buffer = new byte[4];
        var size = VariableByteInteger.Write(buffer, value);
        Assert.Equal(hex, Hex.Format(buffer.AsSpan(0, size)));
        Assert.Equal(size, VariableByteInteger.SizeOf(value));
        Assert.True(VariableByteInteger.TryRead(Hex.Parse(hex + "aa"), out var read, out var readSize));
        Assert.Equal(value, read);
        Assert.Equal(size, readSize);
    }

    [Fact]
    public void Values_beyond_four_bytes_cannot_be_written() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VariableByteInteger.SizeOf(268_435_456));

    [Theory]
    [InlineData("80")]
    [InlineData("ff ff")]
    [InlineData("80 80 80")]
    [InlineData("")]
    public void An_unfinished_integer_asks_for_more(string hex) =>
        Assert.False(VariableByteInteger.TryRead(Hex.Parse(hex), out _, out _));

    [Fact]
    public void A_fifth_byte_is_malformed()
    {
        var e = Assert.Throws<MqttProtocolException>(() => VariableByteInteger.TryRead(Hex.Parse("ff ff ff ff 01"), out _, out _));
        Assert.Equal(EdgeMx.Mqtt.Packets.MqttReasonCode.MalformedPacket, e.ReasonCode);
    }

    [Theory]
    [InlineData("80 00")]
    [InlineData("ff 80 00")]
    [InlineData("80 80 80 00")]
    public void A_non_minimal_encoding_is_malformed(string hex) =>
        Assert.Throws<MqttProtocolException>(() => VariableByteInteger.TryRead(Hex.Parse(hex), out _, out _));
}
