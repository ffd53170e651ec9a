using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Formatting;

/// <summary>
/// The peer broke the protocol: a malformed packet (bad length, bad UTF-8, reserved bits set), a protocol error
/// (a property where it does not belong, a packet out of order) or a packet over the maximum size. The connection
/// that saw it is closed (after a v5 DISCONNECT carrying <see cref="ReasonCode"/>) and the client reconnects.
/// </summary>
public sealed class MqttProtocolException(MqttReasonCode reasonCode, string message) : Exception(message)
{
    public MqttReasonCode ReasonCode { get; } = reasonCode;

    internal static MqttProtocolException Malformed(string message) => new(MqttReasonCode.MalformedPacket, message);

    internal static MqttProtocolException Violation(string message) => new(MqttReasonCode.ProtocolError, message);
}
