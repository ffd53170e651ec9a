using System.Globalization;

namespace EdgeMx.Mqtt.Telemetry.Metrics;

/// <summary>
/// Reads CPU (/proc/stat), memory (/proc/meminfo), load (/proc/loadavg), uptime (/proc/uptime) and temperature
/// (/sys/class/thermal/thermal_zone*/temp, millidegrees) — the kernel files every Pi and x86 board has. The roots are
/// parameters so tests can point them at a directory shaped like /proc and /sys. A missing or unreadable file leaves
/// its field null; sampling never throws.
/// </summary>
public sealed class SystemMetricsSampler(string procRoot = "/proc", string sysRoot = "/sys")
{
    private (long Busy, long Total)? _previous;

    public SystemSample Sample()
    {
        var cpu = ReadCpu();
        double? cpuPercent = null;
        if (cpu is { } now && _previous is { } before && now.Total > before.Total)
            cpuPercent = Math.Round(100.0 * (now.Busy - before.Busy) / (now.Total - before.Total), 1);
        if (cpu is not null) _previous = cpu;

        var (total, available) = ReadMemory();
        var (zone, celsius) = ReadTemperature();
        return new SystemSample
        {
            CpuPercent = cpuPercent,
            MemoryTotalBytes = total,
            MemoryAvailableBytes = available,
            MemoryUsedPercent = total is > 0 && available is { } a ? Math.Round(100.0 * (total.Value - a) / total.Value, 1) : null,
            TemperatureCelsius = celsius,
            ThermalZone = zone,
            LoadAverage1m = FirstNumber(Path.Combine(procRoot, "loadavg")),
            SystemUptimeSeconds = FirstNumber(Path.Combine(procRoot, "uptime")),
            ProcessRssBytes = Environment.WorkingSet,
        };
    }

    // proc(5): "cpu  user nice system idle iowait irq softirq steal guest guest_nice" in USER_HZ ticks.
    // Busy = everything but idle and iowait; guest time is already inside user/nice.
    private (long Busy, long Total)? ReadCpu()
    {
        var line = ReadLines(Path.Combine(procRoot, "stat")).FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null) return null;
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        if (fields.Length < 4) return null;
        var total = fields.Sum();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (total - idle, total);
    }

    private (long? Total, long? Available) ReadMemory()
    {
        long? total = null, available = null;
        foreach (var line in ReadLines(Path.Combine(procRoot, "meminfo")))
        {
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal)) total = Kilobytes(line);
            else if (line.StartsWith("MemAvailable:", StringComparison.Ordinal)) available = Kilobytes(line);
        }
        return (total, available);

        static long? Kilobytes(string line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
        }
    }

    private (string? Zone, double? Celsius) ReadTemperature()
    {
        var thermal = Path.Combine(sysRoot, "class", "thermal");
        string[] zones;
        try
        {
            zones = Directory.Exists(thermal)
                ? Directory.GetDirectories(thermal, "thermal_zone*").Order(StringComparer.Ordinal).ToArray()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
        // The Pi's zone is "cpu-thermal"; x86 has "x86_pkg_temp"; prefer a CPU zone, else the first that reads.
        foreach (var zone in zones.OrderBy(z => IsCpu(ReadText(Path.Combine(z, "type"))) ? 0 : 1))
        {
            if (ReadText(Path.Combine(zone, "temp")) is { } raw &&
                long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millidegrees))
                return (ReadText(Path.Combine(zone, "type")) ?? Path.GetFileName(zone), Math.Round(millidegrees / 1000.0, 1));
        }
        return (null, null);

        static bool IsCpu(string? type) => type is not null && (type.Contains("cpu", StringComparison.OrdinalIgnoreCase) || type.Contains("pkg", StringComparison.OrdinalIgnoreCase));
    }

    private static double? FirstNumber(string file) =>
        ReadText(file)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first &&
        double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string? ReadText(string file)
    {
        try { return File.Exists(file) ? File.ReadAllText(file).Trim() : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static IEnumerable<string> ReadLines(string file) => ReadText(file)?.Split('\n') ?? [];
}
