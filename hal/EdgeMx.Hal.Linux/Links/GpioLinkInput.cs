using EdgeMx.Hal.Linux.Gpio;

namespace EdgeMx.Hal.Linux.Links;

/// <summary>A GPIO line carrying one WAN port's link signal (board config `wan[].linkState.gpio`).</summary>
public sealed record GpioLinkInput(string Interface, string Chip, uint Line, bool ActiveLow, TimeSpan Debounce, GpioBias Bias)
{
    public string Description => $"{Chip}:{Line}";
}
