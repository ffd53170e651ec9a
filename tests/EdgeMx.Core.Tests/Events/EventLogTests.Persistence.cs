using System.Text.Json;
using EdgeMx.Core.Events;
using EdgeMx.Core.Serialization;

namespace EdgeMx.Core.Tests.Events;

public sealed partial class EventLogTests
{
    private string JournalPath => Path.Combine(_dir, "events.jsonl");

    [Fact]
    public void Events_survive_a_restart_and_sequence_numbers_continue()
    {
        using (var log = new EventLog(new EventLogOptions { Path = JournalPath }, _time))
        {
            log.Append(Draft(message: "first"));
            log.Append(Draft(message: "second"));
        }

        using var again = new EventLog(new EventLogOptions { Path = JournalPath }, _time);
        Assert.Equal(["first", "second"], again.Read().Select(e => e.Message));
        Assert.Equal(2, again.LastSequence);
        Assert.Equal(3, again.Append(Draft()).Sequence);
        Assert.Equal("wan1", again.Read()[0].Subject);
        Assert.Equal(EventCategory.Uplink, again.Read()[0].Category);
    }

    [Fact]
    public void The_journal_is_compacted_to_the_ring_and_stays_bounded()
    {
        using (var log = new EventLog(new EventLogOptions { Path = JournalPath, Capacity = 5 }, _time))
        {
            for (var i = 1; i <= 23; i++)
            {
                log.Append(Draft(message: $"m{i}"));
                Assert.True(File.ReadAllLines(JournalPath).Length <= 10, "journal exceeded twice the ring");
            }
        }

        using var again = new EventLog(new EventLogOptions { Path = JournalPath, Capacity = 5 }, _time);
        Assert.Equal(["m19", "m20", "m21", "m22", "m23"], again.Read().Select(e => e.Message));
        Assert.Equal(5, File.ReadAllLines(JournalPath).Length); // loading a long journal compacts it
    }

    [Fact]
    public void The_journal_is_root_only()
    {
        using var log = new EventLog(new EventLogOptions { Path = JournalPath }, _time);
        log.Append(Draft());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(JournalPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_the_journal_rewritten_clean()
    {
        using (var log = new EventLog(new EventLogOptions { Path = JournalPath }, _time))
        {
            log.Append(Draft(message: "kept"));
        }
        File.AppendAllText(JournalPath, "{\"sequence\":2,\"time\":\"2026-01-01T00:0");

        using var again = new EventLog(new EventLogOptions { Path = JournalPath }, _time);
        Assert.Equal(["kept"], again.Read().Select(e => e.Message));
        Assert.Equal(2, again.Append(Draft(message: "after")).Sequence);
        var lines = File.ReadAllLines(JournalPath);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => JsonSerializer.Deserialize(l, CoreJsonContext.Default.ApplianceEvent));
    }

    [Fact]
    public void An_unwritable_journal_never_stops_appending_and_is_reported_once_then_recovered()
    {
        Directory.CreateDirectory(_dir);
        var blocker = Path.Combine(_dir, "not-a-dir");
        File.WriteAllText(blocker, "a file where the journal's directory should be");
        var path = Path.Combine(blocker, "events.jsonl");
        var options = new EventLogOptions { Path = path, RetryAfterFailure = TimeSpan.FromSeconds(30) };

        using var log = new EventLog(options, _time);
        log.Append(Draft(message: "one"));
        log.Append(Draft(message: "two"));

        var failures = log.Read().Where(e => e.Type == "system.eventlog.write-failed").ToList();
        var failure = Assert.Single(failures);
        Assert.Equal(EventSeverity.Error, failure.Severity);
        Assert.Contains(path, failure.Message);
        Assert.NotNull(failure.Check);
        Assert.True(log.PersistenceFailures >= 1);

        // The disk comes back; nothing is retried before the back-off, then everything kept in memory is saved.
        File.Delete(blocker);
        _time.Advance(TimeSpan.FromSeconds(10));
        log.Append(Draft(message: "three"));
        Assert.False(File.Exists(path));
        _time.Advance(TimeSpan.FromSeconds(21));
        log.Append(Draft(message: "four"));

        Assert.Contains(log.Read(), e => e.Type == "system.eventlog.recovered");
        var onDisk = File.ReadAllLines(path).Select(l => JsonSerializer.Deserialize(l, CoreJsonContext.Default.ApplianceEvent)!.Message).ToList();
        Assert.Contains("one", onDisk);
        Assert.Contains("three", onDisk);
        Assert.Contains("four", onDisk);
        Assert.Contains(onDisk, m => m.Contains("written again"));
    }

    [Fact]
    public void A_journal_that_breaks_while_running_is_reported_and_appending_continues()
    {
        var options = new EventLogOptions { Path = JournalPath, Capacity = 2 };
        using var log = new EventLog(options, _time);
        log.Append(Draft(message: "a"));
        // Replace the directory by a file: the next compaction (after 2 × capacity lines) cannot recreate it.
        Directory.Delete(_dir, recursive: true);
        File.WriteAllText(_dir, "blocker");
        try
        {
            for (var i = 0; i < 6 && log.PersistenceFailures == 0; i++) log.Append(Draft(message: $"b{i}"));
            Assert.Equal(1, log.PersistenceFailures);
            Assert.Equal("system.eventlog.write-failed", log.Read().Last().Type);
            var next = log.Append(Draft(message: "still appending"));
            Assert.Equal(next, log.Read().Last());
        }
        finally
        {
            File.Delete(_dir);
        }
    }
}
