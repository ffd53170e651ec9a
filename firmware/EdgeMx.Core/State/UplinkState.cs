namespace EdgeMx.Core.State;

/// <summary>One WAN port as the appliance sees it. Extended by the uplink subsystem.</summary>
public sealed record UplinkState
{
    public required string Name { get; init; }
    public required string Interface { get; init; }
}
