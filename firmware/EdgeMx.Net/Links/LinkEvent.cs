namespace EdgeMx.Net.Links;

/// <summary>
/// The complete current state of one link after something about it changed, so a consumer never has to merge
/// partial updates. <see cref="Timestamp"/> is the monitor's <see cref="TimeProvider"/> timestamp at the moment the
/// kernel's notification was received.
/// </summary>
public sealed record LinkEvent
{
    public required LinkEventKind Kind { get; init; }
    public required int Index { get; init; }
    public required string Name { get; init; }
    public bool Carrier { get; init; }
    public LinkOperState OperState { get; init; }
    public LinkFlags Flags { get; init; }
    public int Mtu { get; init; }
    public IReadOnlyList<InterfaceAddress> Addresses { get; init; } = [];
    public required LinkInfo Link { get; init; }
    public long Timestamp { get; init; }

    /// <summary>Administratively up (IFF_UP).</summary>
    public bool IsUp => (Flags & LinkFlags.Up) != 0;

    /// <summary>Up with carrier: packets can flow (the appliance's "link up").</summary>
    public bool IsOperational => IsUp && Carrier;

    public static LinkEvent From(LinkEventKind kind, LinkInfo link, IReadOnlyList<InterfaceAddress> addresses, long timestamp) => new()
    {
        Kind = kind,
        Index = link.Index,
        Name = link.Name,
        Carrier = link.Carrier,
        OperState = link.OperState,
        Flags = link.Flags,
        Mtu = link.Mtu,
        Addresses = addresses,
        Link = link,
        Timestamp = timestamp,
    };

    public override string ToString() =>
        $"{Kind} {Name}#{Index} {(IsUp ? "up" : "down")} carrier={(Carrier ? "on" : "off")} oper={OperState} mtu={Mtu} [{string.Join(", ", Addresses)}]";
}
