using EdgeMx.Core.Events;

namespace EdgeMx.Core.Tests.Events;

public sealed partial class EventLogTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Follow_streams_the_backlog_then_live_entries()
    {
        using var log = new EventLog(new EventLogOptions(), _time);
        log.Append(Draft(message: "old1"));
        log.Append(Draft(message: "old2"));
        using var cts = new CancellationTokenSource(Deadline);

        var seen = new List<string>();
        var reader = Task.Run(async () =>
        {
            await foreach (var e in log.Follow(0, cts.Token))
            {
                lock (seen) seen.Add(e.Message);
                if (e.Message == "live2") break;
            }
        });
        await WaitFor(() => { lock (seen) return seen.Count == 2; });
        log.Append(Draft(message: "live1"));
        log.Append(Draft(message: "live2"));
        await reader.WaitAsync(Deadline);

        Assert.Equal(["old1", "old2", "live1", "live2"], seen);
    }

    [Fact]
    public async Task Follow_after_a_sequence_skips_what_was_already_seen()
    {
        using var log = new EventLog(new EventLogOptions(), _time);
        for (var i = 1; i <= 4; i++) log.Append(Draft(message: $"m{i}"));
        using var cts = new CancellationTokenSource(Deadline);

        var first = new List<string>();
        await foreach (var e in log.Follow(2, cts.Token))
        {
            first.Add(e.Message);
            if (first.Count == 2) break;
        }
        Assert.Equal(["m3", "m4"], first);
    }

    [Fact]
    public async Task A_follower_that_fell_behind_the_ring_resumes_at_the_oldest_kept_entry()
    {
        using var log = new EventLog(new EventLogOptions { Capacity = 3 }, _time);
        for (var i = 1; i <= 10; i++) log.Append(Draft(message: $"m{i}"));
        using var cts = new CancellationTokenSource(Deadline);

        var got = new List<long>();
        await foreach (var e in log.Follow(1, cts.Token))
        {
            got.Add(e.Sequence);
            if (got.Count == 3) break;
        }
        Assert.Equal([8L, 9L, 10L], got);
    }

    [Fact]
    public async Task Cancelling_ends_a_follow_that_waits_for_entries()
    {
        using var log = new EventLog(new EventLogOptions(), _time);
        using var cts = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var _ in log.Follow(0, cts.Token)) n++;
            return n;
        });
        cts.Cancel();
        Assert.Equal(0, await reader.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Disposing_the_log_ends_its_followers()
    {
        var log = new EventLog(new EventLogOptions(), _time);
        using var cts = new CancellationTokenSource(Deadline);
        var reader = Task.Run(async () =>
        {
            await foreach (var _ in log.Follow(0, cts.Token)) { }
        });
        log.Dispose();
        await reader.WaitAsync(Deadline);
        Assert.False(cts.IsCancellationRequested);
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("condition not met");
            await Task.Delay(5);
        }
    }
}
