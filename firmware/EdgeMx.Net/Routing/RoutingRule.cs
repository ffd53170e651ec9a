using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Net.Routing;

/// <summary>
/// One policy-routing rule (what <c>ip rule</c> shows): selectors (source/destination prefix, input/output interface,
/// firewall mark) and what to do (look up <see cref="Table"/>). Rules EdgeMx installs carry
/// <see cref="RouteProtocol.EdgeMx"/> as FRA_PROTOCOL and always an explicit <see cref="Priority"/>.
/// </summary>
public sealed record RoutingRule
{
    public required AddressFamily Family { get; init; }
    public required uint Priority { get; init; }
    public IPNetwork? From { get; init; }
    public IPNetwork? To { get; init; }
    public string? InputInterface { get; init; }
    public string? OutputInterface { get; init; }
    public uint? FwMark { get; init; }

    /// <summary>Null means all 32 bits (the kernel's default mask when a mark is given).</summary>
    public uint? FwMask { get; init; }

    public uint Table { get; init; }
    public RuleAction Action { get; init; } = RuleAction.ToTable;
    public byte Protocol { get; init; } = RouteProtocol.EdgeMx;

    /// <summary>FIB_RULE_INVERT: "not" in front of the selectors.</summary>
    public bool Invert { get; init; }

    public bool IsOurs => Protocol == RouteProtocol.EdgeMx;

    public override string ToString()
    {
        var parts = new List<string> { $"{Priority}:" };
        if (Invert) parts.Add("not");
        parts.Add(From is { } f ? $"from {f}" : "from all");
        if (To is { } t) parts.Add($"to {t}");
        if (InputInterface is not null) parts.Add($"iif {InputInterface}");
        if (OutputInterface is not null) parts.Add($"oif {OutputInterface}");
        if (FwMark is { } m) parts.Add(FwMask is { } mask ? $"fwmark 0x{m:x}/0x{mask:x}" : $"fwmark 0x{m:x}");
        parts.Add(Action == RuleAction.ToTable ? $"lookup {Table}" : Action.ToString().ToLowerInvariant());
        parts.Add($"proto {Protocol}");
        return string.Join(' ', parts);
    }
}
