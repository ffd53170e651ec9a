using System.Text;

namespace EdgeMx.Hal.Leds;

/// <summary>
/// A panel as one line of text, the same wherever it is shown (the simulated panel, `edgemx status`, the lab's live
/// view): <c>WAN1 ● green  WAN2 ◌ amber blink  VPN ● red  DIA ○ off  SYSTEM ♥ green heartbeat</c>.
/// </summary>
public static class LedLine
{
    public static string Render(IEnumerable<(string Name, LedState State)> leds)
    {
        var text = new StringBuilder();
        foreach (var (name, state) in leds)
        {
            if (text.Length > 0) text.Append("  ");
            text.Append(name.ToUpperInvariant()).Append(' ').Append(Symbol(state)).Append(' ').Append(state);
        }
        return text.ToString();
    }

    public static char Symbol(LedState state) => state.IsOff ? '○' : state.Pattern switch
    {
        LedPattern.Solid => '●',
        LedPattern.Heartbeat => '♥',
        _ => '◌',
    };
}
