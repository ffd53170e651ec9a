namespace EdgeMx.Appliance.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The configuration is invalid, or the appliance refused the request.</summary>
    public const int Invalid = 1;
    public const int Usage = 2;
    /// <summary>No appliance to talk to, or the appliance could not start.</summary>
    public const int Unavailable = 3;
}
