namespace EdgeMx.Core.Configuration.Model;

/// <summary>One probe target. Which members apply depends on <see cref="Method"/> (the schema's oneOf enforces it).</summary>
public sealed record ProbeConfig
{
    public const string Icmp = "icmp";
    public const string Http = "http";
    public const string Dns = "dns";

    public string Method { get; set; } = "";

    /// <summary>icmp: the address pinged.</summary>
    public string? Target { get; set; }

    /// <summary>http: the URL fetched with GET.</summary>
    public string? Url { get; set; }

    /// <summary>dns: the server asked.</summary>
    public string? Server { get; set; }

    /// <summary>dns: the name asked for.</summary>
    public string? Name { get; set; }

    /// <summary>dns: "A" (default) or "AAAA".</summary>
    public string? Type { get; set; }

    /// <summary>How status and events name this probe: "icmp 203.0.113.100", "http http://…/health", "dns www.lab@203.0.113.100".</summary>
    public string Describe() => Method switch
    {
        Icmp => $"icmp {Target}",
        Http => $"http {Url}",
        Dns => $"dns {Name}{(Type is null or "A" ? "" : "/" + Type)}@{Server}",
        _ => Method,
    };

    /// <summary>The target part of <see cref="Describe"/>.</summary>
    public string DescribeTarget() => Method switch
    {
        Icmp => Target ?? "",
        Http => Url ?? "",
        Dns => $"{Name}@{Server}",
        _ => "",
    };
}
