namespace EdgeMx.Esp.Sa;

public enum EspSaDirection
{
    Inbound,
    Outbound,
}
