using EdgeMx.Hal.Leds;
using EdgeMx.Hal.Simulated.Leds;
using EdgeMx.Testing;

namespace EdgeMx.Hal.Tests.Leds;

public class SimulatedLedPanelTests
{
    [Fact]
    public void State_is_kept_rendered_and_written_atomically()
    {
        var dir = Directory.CreateTempSubdirectory("edgemx-sim-");
        try
        {
            var file = Path.Combine(dir.FullName, "run", "leds.json");
            using var panel = new SimulatedLedPanel(stateFile: file, time: new ManualTimeProvider());
            Assert.Equal(LedState.Off, SimulatedLedPanel.ReadStateFile(file)["wan1"]); // written at start: all off
            panel.Show("wan1", LedState.Solid(LedColour.Green));
            panel.Show("vpn", new LedState(LedColour.Amber, LedPattern.Blink));
            panel.Show("system", new LedState(LedColour.Green, LedPattern.Heartbeat));
            panel.Show("nonexistent", LedState.Solid(LedColour.Red));

            var snapshot = SimulatedLedPanel.ReadStateFile(file);
            Assert.Equal(LedState.Solid(LedColour.Green), snapshot["wan1"]);
            Assert.Equal(new LedState(LedColour.Amber, LedPattern.Blink), snapshot["vpn"]);
            Assert.Equal(["wan1", "wan2", "vpn", "dia", "system"], snapshot.Indicators.Select(i => i.Name));
            Assert.Contains("\"colour\": \"amber\"", File.ReadAllText(file));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file)!)); // no temporary file left behind

            Assert.Equal("WAN1 ● green  WAN2 ○ off  VPN ◌ amber blink  DIA ○ off  SYSTEM ♥ green heartbeat", panel.Render());
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Readers_never_see_a_partial_file_while_it_is_rewritten()
    {
        var dir = Directory.CreateTempSubdirectory("edgemx-sim-");
        try
        {
            var file = Path.Combine(dir.FullName, "leds.json");
            using var panel = new SimulatedLedPanel(stateFile: file);
            using var stop = new CancellationTokenSource();
            var reads = 0;
            var reader = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    SimulatedLedPanel.ReadStateFile(file); // throws on a torn file
                    Interlocked.Increment(ref reads);
                }
            });
            // Keep rewriting until the reader has overlapped a good number of rewrites: on a loaded CI
            // machine the reader task may not even have started after a fixed number of writes.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            for (var i = 0; i < 300 || (Volatile.Read(ref reads) < 50 && DateTime.UtcNow < deadline && !reader.IsCompleted); i++)
                panel.Show("wan1", i % 2 == 0 ? LedState.Solid(LedColour.Green) : new LedState(LedColour.Amber, LedPattern.Blink));
            stop.Cancel();
            await reader;
            Assert.True(Volatile.Read(ref reads) >= 50, $"reader overlapped only {reads} rewrites");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
