using EdgeMx.Hal.Leds;

namespace EdgeMx.Hal.Simulated.Leds;

/// <summary>The simulated panel's state file: <c>{"updatedAt": "...", "indicators": [{"name": "wan1", "colour":
/// "green", "pattern": "solid"}, ...]}</c>.</summary>
public sealed record LedPanelSnapshot(DateTimeOffset UpdatedAt, IReadOnlyList<LedPanelSnapshot.Indicator> Indicators)
{
    public sealed record Indicator(string Name, LedColour Colour, LedPattern Pattern);

    public LedState this[string name] =>
        Indicators.Where(i => i.Name == name).Select(i => new LedState(i.Colour, i.Pattern)).DefaultIfEmpty(LedState.Off).First();
}
