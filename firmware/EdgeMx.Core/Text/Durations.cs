using System.Globalization;

namespace EdgeMx.Core.Text;

/// <summary>Durations as an operator reads them in events and status: "4.2 s", "2m05s", "3h07m", "2d04h".</summary>
public static class Durations
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalSeconds < 60) return span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        if (span.TotalMinutes < 60) return $"{(int)span.TotalMinutes}m{span.Seconds:00}s";
        if (span.TotalHours < 48) return $"{(int)span.TotalHours}h{span.Minutes:00}m";
        return $"{(int)span.TotalDays}d{span.Hours:00}h";
    }
}
