using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests.Uplinks;

/// <summary>
/// The appliance removes exactly what it installed on a clean stop, and a restart — after a clean stop or after
/// SIGKILL — leaves the routes and rules exactly as they were: nothing duplicated, nothing of anyone else touched.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RestartTests(LabFixture fixture)
{
    private Lab Lab => fixture.Lab;

    // Someone else's routes and rules, including one inside EdgeMx's own table 101: they must survive everything.
    private const string Foreign =
        "ip route add 192.0.2.0/24 via 198.51.100.1 dev wan1 table 101 && " +
        "ip route add 192.0.2.128/25 via 10.0.2.1 dev wan2 && " +
        "ip rule add from 192.0.2.1 lookup 101 priority 5000";

    private const string RemoveForeign =
        "ip route del 192.0.2.0/24 table 101; ip route del 192.0.2.128/25; ip rule del from 192.0.2.1 lookup 101 priority 5000; true";

    [Fact]
    public async Task A_restart_leaves_routes_and_rules_exactly_as_before()
    {
        Root.Require();
        (await Lab.RunAsync("app", Foreign)).EnsureSuccess();
        try
        {
            var pristine = await LabRouting.SnapshotAsync(Lab);
            var directory = LabAppliance.NewDirectory(Lab);

            string running;
            await using (var first = await LabAppliance.StartAsync(Lab, directory: directory))
            {
                await first.WaitSteadyOnWan1Async();
                running = await LabRouting.SnapshotAsync(Lab);
                Assert.Contains("from 198.51.100.2 lookup 101 proto 77", running);
                Assert.Contains("192.0.2.0/24 via 198.51.100.1 dev wan1 table 101", running);
                Assert.Equal(0, await first.Process.StopAsync(TimeSpan.FromSeconds(25)));
            }
            // A clean stop removes exactly what EdgeMx installed.
            Assert.Equal(pristine, await LabRouting.SnapshotAsync(Lab));

            await using (var second = await LabAppliance.StartAsync(Lab, directory: directory))
            {
                await second.WaitSteadyOnWan1Async();
                Assert.Equal(running, await LabRouting.SnapshotAsync(Lab));
                // A crash: nothing is cleaned up...
                await second.Process.KillAsync();
            }
            Assert.Equal(running, await LabRouting.SnapshotAsync(Lab));

            await using (var third = await LabAppliance.StartAsync(Lab, directory: directory))
            {
                await third.WaitSteadyOnWan1Async();
                // ...and the next start reconciles instead of adding a second copy.
                Assert.Equal(running, await LabRouting.SnapshotAsync(Lab));
                var events = await third.EventsAsync();
                // The journal survived both restarts: three starts, sequence numbers never reused.
                Assert.Equal(3, events.Count(e => e.Type == "system.start"));
                Assert.Equal(events.Count, events.Select(e => e.Sequence).Distinct().Count());
                Assert.Equal(0, await third.Process.StopAsync(TimeSpan.FromSeconds(25)));
            }
            Assert.Equal(pristine, await LabRouting.SnapshotAsync(Lab));
        }
        finally
        {
            await Lab.RunAsync("app", RemoveForeign);
        }
    }
}
