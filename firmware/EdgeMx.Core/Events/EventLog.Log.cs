using Microsoft.Extensions.Logging;

namespace EdgeMx.Core.Events;

public sealed partial class EventLog
{
    [LoggerMessage(EventId = 1000, Message = "event #{Sequence} {Type} [{Subject}]: {Message} (check: {Check})")]
    private static partial void LogEvent(ILogger logger, LogLevel level, long sequence, string type, string subject, string message, string check);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "event journal {Path}: write failed, events are kept in memory only until the disk works again")]
    private static partial void LogJournalFailed(ILogger logger, string path, Exception error);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "event journal {Path}: skipped {Count} unreadable line(s) while loading (a crash mid-write leaves a torn last line)")]
    private static partial void LogJournalSkipped(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "event journal {Path}: writing again after an earlier failure")]
    private static partial void LogJournalRecovered(ILogger logger, string path);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "event journal {Path}: cannot be read, starting with an empty history")]
    private static partial void LogJournalUnreadable(ILogger logger, string path, Exception error);
}
