namespace EdgeMx.Core.Configuration.Model;

/// <summary>"static": the appliance puts <see cref="Address"/> on the interface; "os": it uses what the OS (DHCP) assigned.</summary>
public sealed record AddressingConfig
{
    public const string Static = "static";
    public const string Os = "os";

    public string Mode { get; set; } = Static;

    /// <summary>CIDR, static mode only.</summary>
    public string? Address { get; set; }

    /// <summary>Next hop. Optional in "os" mode (then learned from the OS's route on the interface).</summary>
    public string? Gateway { get; set; }
}
