using System.Text.Json;
using EdgeMx.Core.IO;
using EdgeMx.Core.Serialization;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Core.Events;

public sealed partial class EventLog
{
    /// <summary>
    /// The on-disk side of the ring: one JSON object per line, appended as events happen and rewritten (temp file +
    /// rename, so a crash never leaves a half-written journal) once it holds twice the ring. Lines are flushed to the
    /// OS but not fsync'ed one by one: on an SD card that would wear the flash for little gain; a power cut loses at
    /// most the page cache's last seconds, and a torn last line is skipped on load. All members run under the
    /// log's lock.
    /// </summary>
    private sealed class Journal(string path, int capacity, TimeSpan retryAfterFailure, ILogger logger) : IDisposable
    {
        private const int MaxLineLength = 256 * 1024;
        // A journal is at most 2 × capacity lines of bounded events; anything far larger is not ours to trust.
        private const long MaxJournalChars = 256L * 1024 * 1024;

        private FileStream? _stream;
        private int _linesOnDisk;
        private int _skippedOnLoad;
        private bool _broken;
        private bool _failureReported;
        private DateTimeOffset _retryAt;

        public long Failures { get; private set; }

        public List<ApplianceEvent> Load()
        {
            var loaded = new List<ApplianceEvent>();
            try
            {
                if (!File.Exists(path)) return loaded;
                using var reader = new StreamReader(path);
                long chars = 0;
                while (reader.ReadLine() is { } line)
                {
                    _linesOnDisk++;
                    chars += line.Length + 1;
                    if (chars > MaxJournalChars)
                    {
                        _skippedOnLoad++;
                        break;
                    }
                    if (line.Length == 0 || line.Length > MaxLineLength || TryParse(line) is not { } e)
                    {
                        _skippedOnLoad++;
                        continue;
                    }
                    loaded.Add(e);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogJournalUnreadable(logger, path, ex);
                _linesOnDisk = int.MaxValue; // rewrite from memory on the first chance
                return loaded;
            }
            if (_skippedOnLoad > 0) LogJournalSkipped(logger, path, _skippedOnLoad);
            // Sequence order, no duplicates, newest `capacity` kept: a hand-edited or merged file still loads sanely.
            return loaded.GroupBy(e => e.Sequence).Select(g => g.Last()).OrderBy(e => e.Sequence).TakeLast(capacity).ToList();
        }

        public void AfterLoad(ApplianceEvent[] kept)
        {
            try
            {
                if (_skippedOnLoad > 0 || _linesOnDisk > capacity) Compact(kept);
                else Open();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // No event can be raised yet (the ring is being built); the first Append reports it.
                Failures++;
                LogJournalFailed(logger, path, ex);
                _broken = true;
                _retryAt = DateTimeOffset.MinValue;
                _stream?.Dispose();
                _stream = null;
            }
        }

        /// <summary>Writes one event; returns an event to add when the journal's health changed (failed or recovered).</summary>
        public EventDraft? Write(ApplianceEvent e, DateTimeOffset now, Func<ApplianceEvent[]> snapshot)
        {
            if (_broken)
            {
                if (now < _retryAt) return _failureReported ? null : FailureDraft(null, now);
                try
                {
                    Compact(snapshot()); // the ring already holds `e` and everything missed during the outage
                    _broken = false;
                    var wasReported = _failureReported;
                    _failureReported = false;
                    LogJournalRecovered(logger, path);
                    return wasReported
                        ? new EventDraft(EventSeverity.Notice, EventCategory.System, "system.eventlog.recovered",
                            $"The event journal {path} is being written again; the events kept in memory during the outage were saved.")
                        : null;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return Fail(ex, now);
                }
            }
            try
            {
                var line = JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.ApplianceEvent);
                _stream!.Write(line);
                _stream.WriteByte((byte)'\n');
                _stream.Flush();
                _linesOnDisk++;
                if (_linesOnDisk > 2 * capacity) Compact(snapshot());
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                return Fail(ex, now);
            }
        }

        public void Dispose()
        {
            _stream?.Dispose();
            _stream = null;
        }

        private EventDraft? Fail(Exception ex, DateTimeOffset now)
        {
            Failures++;
            LogJournalFailed(logger, path, ex);
            _stream?.Dispose();
            _stream = null;
            _broken = true;
            _retryAt = now + retryAfterFailure;
            return _failureReported ? null : FailureDraft(ex, now);
        }

        private EventDraft FailureDraft(Exception? ex, DateTimeOffset now)
        {
            _failureReported = true;
            if (_retryAt < now) _retryAt = now + retryAfterFailure;
            return new EventDraft(EventSeverity.Error, EventCategory.System, "system.eventlog.write-failed",
                $"The event journal {path} cannot be written{(ex is null ? "" : $" ({ex.Message})")}; events are kept in memory only and will be lost on restart.")
            {
                Check = "Check that the filesystem holding the journal is mounted read-write and not full (df -h), and that the directory belongs to root. The appliance retries every "
                    + $"{retryAfterFailure.TotalSeconds:0} s and keeps running meanwhile.",
                Subject = "event-log",
            };
        }

        private void Open()
        {
            EnsureDirectory();
            _stream = new FileStream(path, RootOnlyFiles.Options(FileMode.Append, FileAccess.Write));
        }

        private void Compact(ApplianceEvent[] events)
        {
            _stream?.Dispose();
            _stream = null;
            EnsureDirectory();
            var temp = path + ".tmp";
            using (var tmp = new FileStream(temp, RootOnlyFiles.Options(FileMode.Create, FileAccess.Write, FileShare.None)))
            {
                foreach (var e in events)
                {
                    tmp.Write(JsonSerializer.SerializeToUtf8Bytes(e, CoreJsonContext.Default.ApplianceEvent));
                    tmp.WriteByte((byte)'\n');
                }
                tmp.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            _linesOnDisk = events.Length;
            Open();
        }

        private void EnsureDirectory()
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) RootOnlyFiles.EnsureDirectory(dir);
        }

        private static ApplianceEvent? TryParse(string line)
        {
            try
            {
                return JsonSerializer.Deserialize(line, CoreJsonContext.Default.ApplianceEvent);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
