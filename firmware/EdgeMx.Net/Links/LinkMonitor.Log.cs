using Microsoft.Extensions.Logging;

namespace EdgeMx.Net.Links;

public sealed partial class LinkMonitor
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "link {Description}")]
    private static partial void LogLinkEvent(ILogger logger, string description);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "link notifications were lost or unreadable ({Reason}); reading all links and addresses again")]
    private static partial void LogResync(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "could not re-read links after lost notifications ({Reason}); the link monitor stops")]
    private static partial void LogResyncFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "the link monitor stopped on an unexpected error")]
    private static partial void LogStopped(ILogger logger, Exception exception);
}
