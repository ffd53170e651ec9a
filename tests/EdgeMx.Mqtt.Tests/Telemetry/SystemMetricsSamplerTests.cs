using EdgeMx.Mqtt.Telemetry.Metrics;

namespace EdgeMx.Mqtt.Tests.Telemetry;

public sealed class SystemMetricsSamplerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edgemx-metrics-" + Guid.NewGuid().ToString("N"));

    private string Proc => Path.Combine(_root, "proc");
    private string Sys => Path.Combine(_root, "sys");

    private void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void Reads_cpu_memory_temperature_load_and_uptime_like_a_pi()
    {
        Write(Path.Combine(Proc, "stat"), "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3 4\n");
        Write(Path.Combine(Proc, "meminfo"), "MemTotal:        3884000 kB\nMemFree:  100 kB\nMemAvailable:    2913000 kB\n");
        Write(Path.Combine(Proc, "loadavg"), "0.25 0.20 0.10 1/180 1234\n");
        Write(Path.Combine(Proc, "uptime"), "3600.50 12000.00\n");
        Write(Path.Combine(Sys, "class/thermal/thermal_zone0/type"), "cpu-thermal\n");
        Write(Path.Combine(Sys, "class/thermal/thermal_zone0/temp"), "48312\n");

        var sampler = new SystemMetricsSampler(Proc, Sys);
        var first = sampler.Sample();
        Assert.Null(first.CpuPercent); // no interval yet
        Assert.Equal(3884000L * 1024, first.MemoryTotalBytes);
        Assert.Equal(25.0, first.MemoryUsedPercent);
        Assert.Equal(48.3, first.TemperatureCelsius);
        Assert.Equal("cpu-thermal", first.ThermalZone);
        Assert.Equal(0.25, first.LoadAverage1m);
        Assert.Equal(3600.5, first.SystemUptimeSeconds);

        // 200 more busy ticks (user+system) out of 1000 more in total: 20 %; iowait counts as idle.
        Write(Path.Combine(Proc, "stat"), "cpu  200 0 200 1500 100 0 0 0 0 0\n");
        Assert.Equal(20.0, sampler.Sample().CpuPercent);
    }

    [Fact]
    public void Prefers_a_cpu_zone_and_survives_missing_files()
    {
        Write(Path.Combine(Sys, "class/thermal/thermal_zone0/type"), "acpitz\n");
        Write(Path.Combine(Sys, "class/thermal/thermal_zone0/temp"), "30000\n");
        Write(Path.Combine(Sys, "class/thermal/thermal_zone1/type"), "x86_pkg_temp\n");
        Write(Path.Combine(Sys, "class/thermal/thermal_zone1/temp"), "61000\n");
        var sample = new SystemMetricsSampler(Proc, Sys).Sample();
        Assert.Equal(61.0, sample.TemperatureCelsius);
        Assert.Null(sample.CpuPercent);
        Assert.Null(sample.MemoryTotalBytes);
        Assert.Null(sample.LoadAverage1m);
    }

    [Fact]
    public void Reads_this_machine_without_trouble()
    {
        var sampler = new SystemMetricsSampler();
        sampler.Sample();
        var sample = sampler.Sample();
        Assert.NotNull(sample.MemoryTotalBytes);
        Assert.NotNull(sample.SystemUptimeSeconds);
        Assert.True(sample.ProcessRssBytes > 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
