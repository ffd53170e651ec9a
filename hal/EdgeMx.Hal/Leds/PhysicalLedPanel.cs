namespace EdgeMx.Hal.Leds;

/// <summary>A panel of real LEDs (GPIO lines and/or sysfs LEDs), each indicator planned by <see cref="IndicatorChannels"/>.</summary>
public sealed class PhysicalLedPanel(string kind, IReadOnlyDictionary<string, IndicatorChannels> indicators) : ILedPanel
{
    private readonly Dictionary<ILedChannel, LedPattern?> _shown = new(ReferenceEqualityComparer.Instance);

    public string Kind { get; } = kind;

    public IReadOnlyCollection<string> Indicators => indicators.Keys.ToArray();

    public void Show(string indicator, LedState state)
    {
        if (!indicators.TryGetValue(indicator, out var channels)) return; // this board has no such LED
        List<Exception>? failures = null;
        foreach (var (channel, pattern) in channels.Plan(state))
        {
            if (_shown.TryGetValue(channel, out var current) && current == pattern) continue;
            try
            {
                channel.Show(pattern);
                _shown[channel] = pattern;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _shown.Remove(channel); // unknown now: write it again next time
                (failures ??= []).Add(new IOException($"{channel.Description}: {e.Message}", e));
            }
        }
        if (failures is not null)
            throw new LedWriteException(indicator, string.Join("; ", failures.Select(f => f.Message)), failures[0]);
    }

    public void Dispose()
    {
        foreach (var channel in indicators.Values.SelectMany(i => i.All).Distinct())
            channel.Dispose();
    }
}
