using EdgeMx.Core.State;
using EdgeMx.Testing;

namespace EdgeMx.Core.Tests.State;

public sealed class ApplianceStateStoreTests
{
    private readonly ManualTimeProvider _time = new();

    private ApplianceStateStore NewStore() =>
        new(new ApplianceState { DeviceId = "branch-1", FirmwareVersion = "0.1.0" }, _time);

    [Fact]
    public void Update_replaces_the_snapshot_bumps_the_revision_and_stamps_the_time()
    {
        var store = NewStore();
        _time.Advance(TimeSpan.FromSeconds(3));
        var next = store.Update(s => s with { ActiveUplink = "wan1" });

        Assert.Same(next, store.Current);
        Assert.Equal(1, next.Revision);
        Assert.Equal("wan1", next.ActiveUplink);
        Assert.Equal(_time.GetUtcNow(), next.UpdatedAt);
    }

    [Fact]
    public void An_update_that_changes_nothing_keeps_the_revision()
    {
        var store = NewStore();
        store.Update(s => s with { ActiveUplink = "wan1" });
        var same = store.Update(s => s with { ActiveUplink = "wan1" });
        Assert.Equal(1, same.Revision);
    }

    [Fact]
    public async Task Concurrent_updates_are_never_lost()
    {
        var store = NewStore();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++) store.Update(s => s with { Failovers = s.Failovers + 1 });
        })));
        Assert.Equal(4000, store.Current.Failovers);
        Assert.Equal(4000, store.Current.Revision);
    }

    [Fact]
    public async Task Watch_yields_the_current_snapshot_then_each_change()
    {
        var store = NewStore();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string?>();
        var firstSeen = new TaskCompletionSource();
        var watcher = Task.Run(async () =>
        {
            await foreach (var s in store.Watch(cts.Token))
            {
                seen.Add(s.ActiveUplink);
                firstSeen.TrySetResult();
                if (s.ActiveUplink == "wan2") break;
            }
        });
        await firstSeen.Task.WaitAsync(cts.Token);
        store.Update(s => s with { ActiveUplink = "wan2" });
        await watcher.WaitAsync(cts.Token);

        Assert.Equal([null, "wan2"], seen);
    }
}
