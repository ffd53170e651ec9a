namespace EdgeMx.Hal.Board;

/// <summary>A WAN port: its LED indicator name ("wan1"), the Linux interface behind it, and where its link state
/// comes from (netlink carrier unless a GPIO input is named).</summary>
public sealed record WanPortConfig
{
    public string Port { get; set; } = "";
    public string Interface { get; set; } = "";
    public string? Description { get; set; }
    public LinkStateConfig? LinkState { get; set; }
}
