namespace EdgeMx.Esp.DataPlane;

public enum OutboundVerdict
{
    /// <summary>Send the ESP packet to the policy target's remote endpoint.</summary>
    Send,

    /// <summary>Write the ICMP error in the reply buffer back to the LAN (the packet itself is dropped).</summary>
    Reply,

    /// <summary>Dropped and counted.</summary>
    Drop,
}
