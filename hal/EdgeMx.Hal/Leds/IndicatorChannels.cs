namespace EdgeMx.Hal.Leds;

/// <summary>
/// The physical LEDs behind one indicator, and how colours become channel patterns:
/// <list type="bullet">
/// <item>green/red (bi-colour) LEDs: amber lights both, in phase;</item>
/// <item>a dedicated amber LED, when the board has one, shows amber alone;</item>
/// <item>a single-colour LED cannot show colours, so the board config maps each colour to a pattern
/// (<see cref="ColourPatterns"/>, e.g. green → solid, amber → blink, red → fast-blink). A non-solid pattern of the
/// state itself (a degraded WAN blinking) wins over the colour's pattern, so "something is wrong" always shows.</item>
/// </list>
/// </summary>
public sealed class IndicatorChannels
{
    public IndicatorChannels(ILedChannel? green, ILedChannel? red, ILedChannel? amber,
        IReadOnlyDictionary<LedColour, LedPattern>? colourPatterns)
    {
        Green = green;
        Red = red;
        Amber = amber;
        ColourPatterns = colourPatterns;
        if (green is null && red is null && amber is null)
            throw new ArgumentException("an indicator needs at least one LED");
        if (IsSingleColour && colourPatterns is null)
            throw new ArgumentException("a single-colour indicator needs colour patterns");
    }

    public ILedChannel? Green { get; }
    public ILedChannel? Red { get; }
    public ILedChannel? Amber { get; }
    public IReadOnlyDictionary<LedColour, LedPattern>? ColourPatterns { get; }

    public bool IsSingleColour => (Green is null ? 0 : 1) + (Red is null ? 0 : 1) + (Amber is null ? 0 : 1) == 1;

    public IEnumerable<ILedChannel> All => new[] { Green, Red, Amber }.OfType<ILedChannel>();

    /// <summary>The pattern (or null = dark) for each channel, for one indicator state.</summary>
    public IReadOnlyList<(ILedChannel Channel, LedPattern? Pattern)> Plan(LedState state)
    {
        var plan = All.Select(c => (c, (LedPattern?)null)).ToList();
        if (state.IsOff) return plan;

        if (IsSingleColour)
        {
            var only = All.Single();
            var pattern = state.Pattern != LedPattern.Solid
                ? state.Pattern
                : ColourPatterns!.TryGetValue(state.Colour, out var p) ? p : LedPattern.Solid;
            return [(only, pattern)];
        }

        IEnumerable<ILedChannel?> lit = state.Colour switch
        {
            LedColour.Green => [Green ?? Amber],
            LedColour.Red => [Red ?? Amber],
            LedColour.Amber => Amber is not null ? [Amber] : [Green, Red],
            _ => [],
        };
        var litSet = lit.OfType<ILedChannel>().ToHashSet();
        return plan.Select(p => (p.c, litSet.Contains(p.c) ? state.Pattern : (LedPattern?)null)).ToList();
    }
}
