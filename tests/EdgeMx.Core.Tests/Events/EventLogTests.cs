using EdgeMx.Core.Events;
using EdgeMx.Testing;

namespace EdgeMx.Core.Tests.Events;

public sealed partial class EventLogTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgemx-eventlog-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static EventDraft Draft(string type = "uplink.test", string message = "something happened") =>
        new(EventSeverity.Info, EventCategory.Uplink, type, message) { Subject = "wan1", Check = "check the cable" };

    [Fact]
    public void Append_assigns_increasing_sequence_and_the_providers_time()
    {
        using var log = new EventLog(new EventLogOptions(), _time);
        var a = log.Append(Draft());
        _time.Advance(TimeSpan.FromSeconds(5));
        var b = log.Append(Draft());

        Assert.Equal(1, a.Sequence);
        Assert.Equal(2, b.Sequence);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromSeconds(5), a.Time);
        Assert.Equal(_time.GetUtcNow(), b.Time);
        Assert.Equal(2, log.LastSequence);
        Assert.Equal("wan1", a.Subject);
        Assert.Equal("check the cable", a.Check);
    }

    [Fact]
    public void The_ring_keeps_only_the_newest_capacity_entries()
    {
        using var log = new EventLog(new EventLogOptions { Capacity = 3 }, _time);
        for (var i = 0; i < 5; i++) log.Append(Draft(message: $"m{i}"));

        var kept = log.Read();
        Assert.Equal([3L, 4L, 5L], kept.Select(e => e.Sequence));
        Assert.Equal(5, log.LastSequence);
    }

    [Fact]
    public void Read_filters_by_sequence_time_and_count()
    {
        using var log = new EventLog(new EventLogOptions(), _time);
        log.Append(Draft());
        _time.Advance(TimeSpan.FromMinutes(1));
        var cut = _time.GetUtcNow();
        log.Append(Draft());
        log.Append(Draft());
        log.Append(Draft());

        Assert.Equal([2L, 3L, 4L], log.Read(since: cut).Select(e => e.Sequence));
        Assert.Equal([3L, 4L], log.Read(afterSequence: 2).Select(e => e.Sequence));
        Assert.Equal([2L, 3L], log.Read(since: cut, max: 2).Select(e => e.Sequence));
    }

    [Fact]
    public void Oversized_text_and_details_are_bounded()
    {
        using var log = new EventLog(new EventLogOptions(), _time);
        var details = Enumerable.Range(0, 100).ToDictionary(i => $"k{i}", _ => new string('v', 5000));
        var e = log.Append(new EventDraft(EventSeverity.Warning, EventCategory.Vpn, "vpn.x", new string('m', 50_000))
        {
            Details = details,
        });

        Assert.Equal(EventLog.MaxTextLength, e.Message.Length);
        Assert.EndsWith("…", e.Message);
        Assert.Equal(EventLog.MaxDetails, e.Details!.Count);
        Assert.All(e.Details.Values, v => Assert.Equal(EventLog.MaxDetailValueLength, v.Length));
    }

    [Fact]
    public void Append_after_dispose_throws_rather_than_losing_the_event_silently()
    {
        var log = new EventLog(new EventLogOptions(), _time);
        log.Dispose();
        Assert.Throws<ObjectDisposedException>(() => log.Append(Draft()));
    }
}
