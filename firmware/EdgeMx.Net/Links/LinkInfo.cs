namespace EdgeMx.Net.Links;

/// <summary>One network interface as RTM_NEWLINK describes it.</summary>
public sealed record LinkInfo
{
    public required int Index { get; init; }
    public required string Name { get; init; }
    public LinkFlags Flags { get; init; }

    /// <summary>IFLA_CARRIER when the kernel sent it, else IFF_LOWER_UP.</summary>
    public bool Carrier { get; init; }

    public LinkOperState OperState { get; init; }
    public int Mtu { get; init; }

    /// <summary>The driver kind from IFLA_LINKINFO (veth, tun, bridge, ...), when the kernel reports one.</summary>
    public string? Kind { get; init; }

    /// <summary>The hardware address as colon-separated hex, when the link has one.</summary>
    public string? HardwareAddress { get; init; }

    /// <summary>IFLA_CARRIER_CHANGES: how often the carrier went up or down (flap counter).</summary>
    public uint CarrierChanges { get; init; }

    public bool IsUp => (Flags & LinkFlags.Up) != 0;
}
