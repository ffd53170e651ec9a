namespace EdgeMx.Hal.Board;

/// <summary>One physical LED: a GPIO output line, or a kernel LED-class device (/sys/class/leds/NAME).</summary>
public sealed record LedLineConfig
{
    public GpioLineConfig? Gpio { get; set; }
    public string? Sysfs { get; set; }

    public override string ToString() => Gpio is not null ? "gpio " + Gpio : "sysfs " + Sysfs;
}
