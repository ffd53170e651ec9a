namespace EdgeMx.Hal.Board;

/// <summary>
/// One board's hardware as `board-configs/boards/*.json` describes it (schema: board-configs/schema/board.schema.json):
/// its WAN ports, its status LEDs and how they are wired, optional link-state inputs, and its crypto capabilities.
/// The appliance config names the board (`"board": "rpi4b"`).
/// </summary>
public sealed record BoardProfile
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<WanPortConfig> Wan { get; set; } = [];
    public LedPanelConfig Leds { get; set; } = new();
    public BoardCryptoConfig Crypto { get; set; } = new();
}
