namespace EdgeMx.Ike.Messages.Payloads;

/// <summary>CFG types of the CP payload (RFC 7296 §3.15).</summary>
public enum ConfigurationType : byte
{
    Request = 1,
    Reply = 2,
    Set = 3,
    Ack = 4,
}

/// <summary>Configuration attribute types used by EdgeMx (RFC 7296 §3.15.1).</summary>
public enum ConfigurationAttributeType : ushort
{
    InternalIp4Address = 1,
    InternalIp4Netmask = 2,
    InternalIp4Dns = 3,
    InternalIp6Address = 8,
    InternalIp6Dns = 10,
    InternalIp4Subnet = 13,
    InternalIp6Subnet = 15,
}
