using EdgeMx.Hal.Board;
using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Links;
using EdgeMx.Hal.Linux.Gpio;
using EdgeMx.Hal.Linux.Leds;
using EdgeMx.Hal.Linux.Links;
using EdgeMx.Hal.Simulated.Leds;

namespace EdgeMx.Hal.Linux.Board;

/// <summary>
/// Builds the LED panel and the link-state source a board profile describes. An LED that cannot be opened becomes a
/// <see cref="BrokenLedChannel"/> (reported on first use, never fatal); GPIO lines are requested once, at start.
/// </summary>
public static class BoardHardware
{
    public static ILedPanel CreateLedPanel(LedPanelConfig config, TimeProvider time, Action<string, Exception>? onBlinkError = null,
        string sysfsRoot = SysfsLedChannel.DefaultRoot, IGpioDescriptors? gpio = null, string? stateFileOverride = null)
    {
        if (config.Panel != "hardware")
            return new SimulatedLedPanel(LedIndicators.All, stateFileOverride ?? config.StateFile, time);

        var blinker = new SoftwareBlinker(time);
        var chips = new Dictionary<string, GpioChip>(StringComparer.Ordinal);
        try
        {
            ILedChannel? Open(LedLineConfig? line, string what)
            {
                if (line is null) return null;
                try
                {
                    if (line.Sysfs is { } name) return new SysfsLedChannel(name, sysfsRoot);
                    var g = line.Gpio!;
                    if (!chips.TryGetValue(g.Chip, out var chip)) chips[g.Chip] = chip = new GpioChip(g.Chip, gpio);
                    return new GpioLedChannel(chip.RequestOutputs([g.Line], g.ActiveLow), $"{what} ({g})", blinker, onBlinkError);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    return new BrokenLedChannel($"{what} ({line})", e.Message);
                }
            }

            var indicators = new Dictionary<string, IndicatorChannels>(StringComparer.Ordinal);
            foreach (var (name, indicator) in config.Indicators)
            {
                var patterns = indicator.ColourPatterns?.ToDictionary(p => ParseColour(p.Key), p => ParsePattern(p.Value));
                indicators[name] = new IndicatorChannels(
                    Open(indicator.Green, $"{name} green"), Open(indicator.Red, $"{name} red"), Open(indicator.Amber, $"{name} amber"),
                    patterns);
            }
            var kinds = config.Indicators.Values.SelectMany(i => new[] { i.Green, i.Red, i.Amber }).OfType<LedLineConfig>()
                .Select(l => l.Sysfs is null ? "gpio" : "sysfs").Distinct().Order();
            return new PhysicalLedPanel(string.Join("+", kinds), indicators);
        }
        finally
        {
            // Line requests hold their lines through their own fds; the chip fds are not needed any more.
            foreach (var chip in chips.Values) chip.Dispose();
        }
    }

    /// <summary>Netlink for every WAN port; GPIO for the ports whose profile names a link-state line.</summary>
    public static ILinkStateSource CreateLinkStateSource(BoardProfile board, TimeProvider time, Action<GpioLinkInput, Exception>? onError = null,
        IGpioDescriptors? gpio = null, ILinkStateSource? netlink = null)
    {
        netlink ??= new NetlinkLinkStateSource(board.Wan.Select(w => w.Interface).ToList(), time: time);
        var inputs = LinkInputs(board);
        if (inputs.Count == 0) return netlink;
        return new CompositeLinkStateSource(new GpioLinkStateSource(inputs, gpio, time, onError), inputs.Select(i => i.Interface).ToList(), netlink);
    }

    /// <summary>The WAN ports whose profile wires a PHY link signal to a GPIO input (debounce and bias from the profile).</summary>
    public static IReadOnlyList<GpioLinkInput> LinkInputs(BoardProfile board) =>
        board.Wan.Where(w => w.LinkState?.Gpio is not null).Select(w => new GpioLinkInput(
            w.Interface, w.LinkState!.Gpio!.Chip, w.LinkState.Gpio.Line, w.LinkState.Gpio.ActiveLow,
            TimeSpan.FromMilliseconds(w.LinkState.DebounceMs), ParseBias(w.LinkState.Bias))).ToList();

    public static LedColour ParseColour(string value) => value switch
    {
        "green" => LedColour.Green,
        "amber" => LedColour.Amber,
        "red" => LedColour.Red,
        _ => throw new ArgumentException($"unknown colour \"{value}\""),
    };

    public static LedPattern ParsePattern(string value) => value switch
    {
        "solid" => LedPattern.Solid,
        "blink" => LedPattern.Blink,
        "fast-blink" => LedPattern.FastBlink,
        "heartbeat" => LedPattern.Heartbeat,
        _ => throw new ArgumentException($"unknown pattern \"{value}\""),
    };

    private static GpioBias ParseBias(string value) => value switch
    {
        "pull-up" => GpioBias.PullUp,
        "pull-down" => GpioBias.PullDown,
        "disabled" => GpioBias.Disabled,
        _ => GpioBias.AsIs,
    };
}
