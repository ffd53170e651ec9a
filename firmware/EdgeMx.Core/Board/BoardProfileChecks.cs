using EdgeMx.Core.Configuration;
using EdgeMx.Hal.Board;

namespace EdgeMx.Core.Board;

/// <summary>What board.schema.json cannot say: port order, duplicate interfaces and GPIO lines, single-colour
/// indicators without colour patterns, a hardware panel without LEDs, the id matching the file name.</summary>
public static class BoardProfileChecks
{
    public static IEnumerable<ConfigProblem> Check(BoardProfile board, string? expectedId)
    {
        if (expectedId is not null && board.Id != expectedId)
            yield return Semantic("$.id", $"is \"{board.Id}\" but the profile is named \"{expectedId}\"");

        for (var i = 0; i < board.Wan.Count; i++)
        {
            var expected = $"wan{i + 1}";
            if (board.Wan[i].Port != expected)
                yield return Semantic($"$.wan[{i}].port", $"is \"{board.Wan[i].Port}\"; ports are listed in order, this one must be \"{expected}\"");
        }
        foreach (var duplicate in board.Wan.GroupBy(w => w.Interface).Where(g => g.Count() > 1))
            yield return Semantic("$.wan", $"interface \"{duplicate.Key}\" is used by more than one port");

        // Every GPIO line is used once (two LEDs on one pin, or an LED on a link input, is a wiring error).
        var lines = new List<(string Path, string Chip, uint Line)>();
        for (var i = 0; i < board.Wan.Count; i++)
            if (board.Wan[i].LinkState?.Gpio is { } g) lines.Add(($"$.wan[{i}].linkState.gpio", Chip(g.Chip), g.Line));

        if (board.Leds.Panel == "hardware" && board.Leds.Indicators.Count == 0)
            yield return Semantic("$.leds.indicators", "a hardware panel needs at least one indicator");
        if (board.Leds.Panel == "simulated" && board.Leds.Indicators.Count > 0)
            yield return Semantic("$.leds.indicators", "a simulated panel has no LEDs to wire; use \"panel\": \"hardware\"");

        foreach (var (name, indicator) in board.Leds.Indicators)
        {
            var path = JsonPath.Property("$.leds.indicators", name);
            var leds = new[] { ("green", indicator.Green), ("red", indicator.Red), ("amber", indicator.Amber) }
                .Where(l => l.Item2 is not null).ToList();
            if (leds.Count == 0)
                yield return Semantic(path, "names no LED (green, red or amber)");
            if (leds.Count == 1 && indicator.ColourPatterns is null)
                yield return Semantic(path, "has a single LED: add colourPatterns so green, amber and red can be told apart");
            foreach (var (colour, led) in leds)
                if (led!.Gpio is { } g) lines.Add(($"{path}.{colour}.gpio", Chip(g.Chip), g.Line));
        }
        foreach (var clash in lines.GroupBy(l => (l.Chip, l.Line)).Where(g => g.Count() > 1))
            yield return Semantic(clash.Skip(1).First().Path,
                $"{clash.Key.Chip} line {clash.Key.Line} is also used at {clash.First().Path}");
    }

    private static string Chip(string chip) => chip.StartsWith("/dev/", StringComparison.Ordinal) ? chip[5..] : chip;

    private static ConfigProblem Semantic(string path, string message) => new(path, message) { Source = "semantic" };
}
