namespace EdgeMx.Lab.Tests;

/// <summary>One of the lab's two strongSwan hubs and its private subnet, as fixed by the lab's addressing plan.</summary>
public sealed class Hub
{
    public static readonly Hub Hub1 = new(1);
    public static readonly Hub Hub2 = new(2);

    public static IReadOnlyList<Hub> All { get; } = [Hub1, Hub2];

    private Hub(int number) => Number = number;

    /// <summary>1 (primary) or 2 (secondary): the lab.sh argument.</summary>
    public int Number { get; }

    public string Node => $"hub{Number}";

    /// <summary>The node of the private host behind the hub (HTTP health endpoint).</summary>
    public string PrivateNode => $"hub{Number}-net";

    /// <summary>The hub's address on the internet (its IKE endpoint).</summary>
    public string PublicAddress => $"203.0.113.1{Number}";

    /// <summary>The hub's IKE identity.</summary>
    public string Id => $"hub{Number}.lab";

    public string PrivateSubnet => $"10.{Number}.0.0/24";

    /// <summary>The private host with the health endpoint (http://address/health).</summary>
    public string HealthAddress => $"10.{Number}.0.10";

    public static Hub FromNumber(int number) => number switch
    {
        1 => Hub1,
        2 => Hub2,
        _ => throw new ArgumentOutOfRangeException(nameof(number), number, "hubs are 1 and 2"),
    };

    public override string ToString() => Node;
}
