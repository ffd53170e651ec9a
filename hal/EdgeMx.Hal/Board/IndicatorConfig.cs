namespace EdgeMx.Hal.Board;

/// <summary>
/// The LEDs behind one indicator: green and/or red (a bi-colour LED shows amber as both), optionally a dedicated
/// amber LED. With a single LED, <see cref="ColourPatterns"/> says which pattern stands for each colour
/// ("green": "solid", "amber": "blink", "red": "fast-blink").
/// </summary>
public sealed record IndicatorConfig
{
    public LedLineConfig? Green { get; set; }
    public LedLineConfig? Red { get; set; }
    public LedLineConfig? Amber { get; set; }
    public Dictionary<string, string>? ColourPatterns { get; set; }
}
