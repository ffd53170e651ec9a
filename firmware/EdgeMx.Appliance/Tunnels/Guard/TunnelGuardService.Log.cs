using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Tunnels.Guard;

public sealed partial class TunnelGuardService
{
    [LoggerMessage(EventId = 3410, Level = LogLevel.Information, Message = "tunnel guard route {Change}: {Route}")]
    private static partial void LogChanged(ILogger logger, string change, string route);

    [LoggerMessage(EventId = 3411, Level = LogLevel.Warning, Message = "tunnel guard: could not {Action} {What}")]
    private static partial void LogChangeFailed(ILogger logger, Exception exception, string action, string what);

    [LoggerMessage(EventId = 3412, Level = LogLevel.Information, Message = "shutdown: removed {Count} tunnel guard route(s)")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(EventId = 3413, Level = LogLevel.Error, Message = "shutdown: removing the tunnel guard routes failed")]
    private static partial void LogRemoveFailed(ILogger logger, Exception exception);
}
