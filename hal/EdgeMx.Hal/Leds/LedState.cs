using System.Text.Json.Serialization;

namespace EdgeMx.Hal.Leds;

/// <summary>One indicator's look: a colour and how it is lit.</summary>
public readonly record struct LedState(LedColour Colour, LedPattern Pattern)
{
    public static readonly LedState Off = new(LedColour.Off, LedPattern.Solid);

    [JsonIgnore]
    public bool IsOff => Colour == LedColour.Off;

    public static LedState Solid(LedColour colour) => new(colour, LedPattern.Solid);

    public override string ToString() => IsOff ? "off" : Pattern == LedPattern.Solid
        ? Colour.ToString().ToLowerInvariant()
        : $"{Colour.ToString().ToLowerInvariant()} {Pattern.ToString().ToLowerInvariant()}";
}
