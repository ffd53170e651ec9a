using System.Globalization;
using EdgeMx.Core.Events;

namespace EdgeMx.Appliance.Cli;

/// <summary>One event per line: `time severity category type: message — check: ...`.</summary>
public static class EventView
{
    public static string Format(ApplianceEvent e)
    {
        var time = e.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var line = $"{time} {Severity(e.Severity),-8} {Category(e.Category),-12} {e.Type}: {e.Message}";
        return e.Check is { Length: > 0 } check ? $"{line} — check: {check}" : line;
    }

    public static string Severity(EventSeverity s) => s.ToString().ToLowerInvariant();

    public static string Category(EventCategory c) => c switch
    {
        EventCategory.HealthCheck => "health-check",
        _ => c.ToString().ToLowerInvariant(),
    };
}
