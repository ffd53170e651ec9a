namespace EdgeMx.Ike.Messages;

public static class ExchangeTypes
{
    public static string Name(ExchangeType type) => type switch
    {
        ExchangeType.IkeSaInit => "IKE_SA_INIT",
        ExchangeType.IkeAuth => "IKE_AUTH",
        ExchangeType.CreateChildSa => "CREATE_CHILD_SA",
        ExchangeType.Informational => "INFORMATIONAL",
        _ => $"EXCHANGE_{(byte)type}",
    };
}
