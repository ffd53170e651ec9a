namespace EdgeMx.Mqtt.Transport;

public enum MqttTransportSecurity
{
    /// <summary>TLS with the broker's certificate verified (the default).</summary>
    Tls,

    /// <summary>Plain TCP: only when configured explicitly (a lab, a broker on a trusted segment).</summary>
    None,
}
