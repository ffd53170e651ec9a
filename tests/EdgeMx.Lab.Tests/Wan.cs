namespace EdgeMx.Lab.Tests;

/// <summary>One of the appliance's WAN ports and the ISP behind it, as fixed by the lab's addressing plan.</summary>
public sealed class Wan
{
    /// <summary>wan1: public address straight from ISP 1.</summary>
    public static readonly Wan Wan1 = new("wan1", "isp1", "198.51.100.2", "198.51.100.1", publicAddress: "198.51.100.2");

    /// <summary>wan2: a private address behind ISP 2's NAT; the internet sees 203.0.113.2.</summary>
    public static readonly Wan Wan2 = new("wan2", "isp2", "10.0.2.2", "10.0.2.1", publicAddress: "203.0.113.2");

    public static IReadOnlyList<Wan> All { get; } = [Wan1, Wan2];

    private Wan(string name, string isp, string address, string gateway, string publicAddress)
    {
        Name = name;
        Isp = isp;
        Address = address;
        Gateway = gateway;
        PublicAddress = publicAddress;
    }

    /// <summary>The interface name in $P-app (and the lab.sh argument).</summary>
    public string Name { get; }

    /// <summary>The ISP node behind this port.</summary>
    public string Isp { get; }

    /// <summary>The appliance's address on this port.</summary>
    public string Address { get; }

    public string Gateway { get; }

    /// <summary>The source address the internet sees for traffic leaving through this port.</summary>
    public string PublicAddress { get; }

    public static Wan Parse(string name) => All.FirstOrDefault(w => w.Name == name)
        ?? throw new ArgumentException($"no WAN named '{name}' (wan1, wan2)", nameof(name));

    public override string ToString() => Name;
}
