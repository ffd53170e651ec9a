namespace EdgeMx.Mqtt.Client;

/// <summary>What went wrong with the broker connection, at the level an operator fixes it.</summary>
public enum MqttConnectionProblemKind
{
    /// <summary>Something in our own configuration (unreadable TLS files, bad options).</summary>
    Configuration,
    NameResolution,

    /// <summary>TCP could not connect (refused, no route, timeout).</summary>
    Unreachable,
    TlsHandshake,
    TlsCertificate,

    /// <summary>CONNACK refused our credentials or authorisation.</summary>
    AuthenticationRefused,

    /// <summary>CONNACK refused for another reason (client id, protocol version, server busy, banned, ...).</summary>
    ConnectRefused,
    Timeout,

    /// <summary>The broker sent something malformed or against the protocol; we closed the connection.</summary>
    ProtocolViolation,

    /// <summary>The broker ended the connection with a DISCONNECT (v5 reason code).</summary>
    BrokerDisconnected,

    /// <summary>The connection dropped (reset, closed, keep-alive timeout).</summary>
    ConnectionLost,

    /// <summary>The broker refused a message or subscription (v5 PUBACK/SUBACK failure, size).</summary>
    Refused,
}
