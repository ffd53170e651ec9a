namespace EdgeMx.Core.Leds;

/// <summary>A WAN LED ("wan1") and the interface of that port on this board ("eth0"), from the board profile.</summary>
public sealed record WanPortBinding(string Indicator, string Interface);
