using EdgeMx.Core.Board;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Schema;

namespace EdgeMx.Hal.Tests.Board;

public class BoardProfileTests
{
    private readonly BoardProfileLoader _loader = BoardProfileLoader.CreateDefault();

    [Fact]
    public void The_shipped_schema_set_still_loads_with_the_board_schema_in_it()
    {
        Assert.Contains("board.schema.json", JsonSchemaSet.Shipped.Files);
    }

    [Theory]
    [InlineData("rpi4b", "eth0", "eth1")]
    [InlineData("cm4-io", "eth0", "eth1")]
    [InlineData("qemu-x64", "eth0", "eth1")]
    [InlineData("lab", "wan1", "wan2")]
    public void Every_shipped_board_is_valid(string id, string wan1, string wan2)
    {
        Assert.Contains(id, BoardProfileLoader.ShippedBoards);
        var result = _loader.Load(id, "/");
        Assert.True(result.IsValid, result.Format());
        var board = result.Profile!;
        Assert.Equal(id, board.Id);
        Assert.Equal([wan1, wan2], board.Wan.Select(w => w.Interface));
        Assert.Equal(["wan1", "wan2"], board.Wan.Select(w => w.Port));
    }

    [Fact]
    public void The_files_in_the_repository_are_the_ones_shipped()
    {
        var root = Crypto.AotPublishTests.RepositoryRoot();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "board-configs/boards"), "*.json"))
        {
            var result = _loader.Load(file, "/");
            Assert.True(result.IsValid, result.Format());
            Assert.Contains(Path.GetFileNameWithoutExtension(file), BoardProfileLoader.ShippedBoards);
        }
    }

    [Fact]
    public void The_pi_profiles_wire_what_the_readme_says()
    {
        var pi = _loader.Load("rpi4b", "/").Profile!;
        Assert.Equal("hardware", pi.Leds.Panel);
        Assert.Equal(5u, pi.Leds.Indicators["wan1"].Green!.Gpio!.Line);
        Assert.Equal(6u, pi.Leds.Indicators["wan1"].Red!.Gpio!.Line);
        Assert.Equal("ACT", pi.Leds.Indicators["system"].Green!.Sysfs);
        Assert.Equal("fast-blink", pi.Leds.Indicators["system"].ColourPatterns!["red"]);
        Assert.Empty(pi.Crypto.Capabilities); // BCM2711 has no ARMv8 crypto extensions

        var cm4 = _loader.Load("cm4-io", "/").Profile!;
        var link = cm4.Wan[1].LinkState!;
        Assert.Equal((22u, true, 20, "pull-up"), (link.Gpio!.Line, link.Gpio.ActiveLow, link.DebounceMs, link.Bias));
    }

    public static TheoryData<string, string, string> BrokenProfiles() => new()
    {
        // schema: shape problems at their JSON path
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"blinky"},"crypto":{}}""", "$.leds.panel", "" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0","linkState":{"gpio":{"chip":"gpio0","line":3}}}],"leds":{"panel":"simulated"},"crypto":{}}""", "$.wan[0].linkState.gpio.chip", "" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"hardware","indicators":{"wan1":{"green":{"gpio":{"chip":"gpiochip0","line":5},"sysfs":"ACT"}}}},"crypto":{}}""", "$.leds.indicators.wan1.green.sysfs", "unknown property" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"simulated"},"crypto":{"provider":"fast"}}""", "$.crypto.provider", "" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"simulated"},"crypto":{},"extra":1}""", "$.extra", "unknown property" },
        // semantic: what the schema cannot say
        { """{"id":"x","name":"X","wan":[{"port":"wan2","interface":"eth0"}],"leds":{"panel":"simulated"},"crypto":{}}""", "$.wan[0].port", "must be \"wan1\"" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"},{"port":"wan2","interface":"eth0"}],"leds":{"panel":"simulated"},"crypto":{}}""", "$.wan", "more than one port" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"hardware","indicators":{"dia":{"green":{"gpio":{"chip":"gpiochip0","line":26}}}}},"crypto":{}}""", "$.leds.indicators.dia", "colourPatterns" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"hardware","indicators":{"wan1":{"green":{"gpio":{"chip":"gpiochip0","line":5}},"red":{"gpio":{"chip":"/dev/gpiochip0","line":5}}}}},"crypto":{}}""", "$.leds.indicators.wan1.red.gpio", "line 5 is also used" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"hardware","indicators":{}},"crypto":{}}""", "$.leds.indicators", "at least one" },
        { """{"id":"x","name":"X","wan":[{"port":"wan1","interface":"eth0"}],"leds":{"panel":"hardware","indicators":{"vpn":{}}},"crypto":{}}""", "$.leds.indicators.vpn", "names no LED" },
        { "{ not json", "$", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BrokenProfiles))]
    public void Problems_are_reported_at_their_json_path(string json, string path, string words)
    {
        var result = _loader.LoadText(json, "test");
        Assert.False(result.IsValid);
        Assert.Contains(result.Problems, p => p.Path == path && p.Message.Contains(words));
    }

    [Fact]
    public void An_unknown_board_or_a_renamed_profile_file_is_refused()
    {
        var unknown = _loader.Load("rpi9", "/");
        Assert.False(unknown.IsValid);
        Assert.Contains("shipped: cm4-io, lab, qemu-x64, rpi4b", unknown.Problems.Single().Message);

        var dir = Directory.CreateTempSubdirectory("edgemx-board-");
        try
        {
            var text = File.ReadAllText(Path.Combine(Crypto.AotPublishTests.RepositoryRoot(), "board-configs/boards/lab.json"));
            File.WriteAllText(Path.Combine(dir.FullName, "mybox.json"), text);
            var renamed = _loader.Load("mybox.json", dir.FullName);
            Assert.Contains(renamed.Problems, p => p.Path == "$.id" && p.Message.Contains("\"mybox\""));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void The_appliance_config_names_its_board_and_the_board_is_checked()
    {
        var loader = ConfigLoader.CreateDefault(null);
        var lab = loader.LoadFile(Path.Combine(Crypto.AotPublishTests.RepositoryRoot(), "board-configs/appliance/lab.json"));
        Assert.True(lab.IsValid, lab.Format());
        Assert.Equal("lab", lab.Config!.Board);

        var text = File.ReadAllText(Path.Combine(Crypto.AotPublishTests.RepositoryRoot(), "board-configs/appliance/lab.json"));
        var wrong = loader.LoadText(text.Replace("\"board\": \"lab\"", "\"board\": \"rpi9\""), "lab.json", "/");
        Assert.Contains(wrong.Problems, p => p.Path == "$.board" && p.Message.Contains("no board profile \"rpi9\""));
        var pi = loader.LoadText(text.Replace("\"board\": \"lab\"", "\"board\": \"rpi4b\""), "lab.json", "/");
        Assert.Contains(pi.Problems, p => p.Severity == ConfigProblemSeverity.Warning && p.Path == "$.uplinks[0].interface"
                                          && p.Message.Contains("not a WAN port of board rpi4b"));
        var badForm = loader.LoadText(text.Replace("\"board\": \"lab\"", "\"board\": \"Rpi 4\""), "lab.json", "/");
        Assert.Contains(badForm.Problems, p => p.Path == "$.board");
    }
}
