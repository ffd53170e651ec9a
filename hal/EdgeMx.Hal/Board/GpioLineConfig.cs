namespace EdgeMx.Hal.Board;

/// <summary>A line of a GPIO chip: chip "gpiochip0" (or a /dev path), line offset (BCM GPIO number on a Pi 4).</summary>
public sealed record GpioLineConfig
{
    public string Chip { get; set; } = "gpiochip0";
    public uint Line { get; set; }
    public bool ActiveLow { get; set; }

    public override string ToString() => $"{Chip}:{Line}{(ActiveLow ? " (active-low)" : "")}";
}
