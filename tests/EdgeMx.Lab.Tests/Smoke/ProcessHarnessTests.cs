using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Smoke;

/// <summary>The process helpers the appliance's lab tests rely on: namespace, log capture, signals, exit codes.</summary>
[Collection(LabCollection.Name)]
public sealed class ProcessHarnessTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    private string LogFile(string name) => Path.Combine(RepoPaths.LogDir(Lab.Prefix), name);

    [Fact]
    public async Task Namespace_process_runs_in_its_namespace_logs_and_stops_on_sigterm()
    {
        Root.Require();
        await using var process = NamespaceProcess.Start(Lab, "svc",
            ["sh", "-c", "trap 'echo got TERM; exit 7' TERM; echo started; echo oops >&2; while :; do sleep 0.05; done"],
            LogFile("sigterm.log"));
        await process.WaitForLogAsync("started", TimeSpan.FromSeconds(10));
        Assert.Contains("oops", process.ReadLog()); // stderr is captured too

        var own = await File.ReadAllTextAsync($"/proc/{process.Pid}/stat");
        Assert.Contains("(sh)", own); // our pid is the program itself, not a wrapper
        var netns = new FileInfo($"/proc/{process.Pid}/ns/net").LinkTarget;
        var expected = (await Lab.RunAsync("svc", "readlink /proc/self/ns/net")).EnsureSuccess().StdOut.Trim();
        Assert.Equal(expected, netns);

        Assert.Null(process.ExitCode);
        Assert.Equal(7, await process.StopAsync());
        Assert.True(process.HasExited);
        Assert.Equal(7, process.ExitCode);
        Assert.Contains("got TERM", process.ReadLog());
    }

    [Fact]
    public async Task Namespace_process_that_ignores_sigterm_is_killed()
    {
        Root.Require();
        await using var process = NamespaceProcess.Start(Lab, "svc",
            ["sh", "-c", "trap '' TERM; echo started; while :; do sleep 0.05; done"], LogFile("sigkill.log"));
        await process.WaitForLogAsync("started", TimeSpan.FromSeconds(10));
        Assert.Equal(128 + 9, await process.StopAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Appliance_process_runs_edgemx_and_reports_a_failed_start()
    {
        Root.Require();
        Assert.True(File.Exists(ApplianceProcess.EdgemxDll), ApplianceProcess.EdgemxDll);
        var missing = Path.Combine(Lab.StateDir, "no-such-config.json");
        await using var appliance = ApplianceProcess.Start(Lab, missing);
        var exit = await appliance.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, exit);
        Assert.NotEqual(128 + 6, exit); // a clear refusal, not a crash (SIGABRT)
        Assert.Equal(exit, appliance.ExitCode);
        Assert.NotEqual("", appliance.ReadLog().Trim());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(4500)]
    public async Task Ike_probe_gets_an_answer_for_every_random_spi(int port)
    {
        // Random SPIs often contain NUL bytes; the probe must still leave as one datagram (a split one is ignored).
        Root.Require();
        for (var i = 0; i < 20; i++)
            Assert.True(await IkeProbe.AnswersAsync(Lab, "isp2", Hub.Hub1.PublicAddress, port, TimeSpan.FromSeconds(5)),
                $"probe {i} to port {port} was not answered:\n{Lab.HubLogTail(Hub.Hub1, 10)}");
        Assert.DoesNotContain("header could not be parsed", Lab.HubLogTail(Hub.Hub1, 400));
    }

    [Fact]
    public async Task Wait_until_reports_what_did_not_happen()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Lab.WaitUntilAsync(() => false, TimeSpan.FromMilliseconds(200), "the impossible"));
        Assert.Contains("the impossible", error.Message);
        var took = await Lab.WaitUntilAsync(() => true, TimeSpan.FromSeconds(1), "the obvious");
        Assert.True(took < TimeSpan.FromSeconds(1));
    }
}
