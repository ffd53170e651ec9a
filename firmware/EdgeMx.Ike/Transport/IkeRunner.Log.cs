using System.Net;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Ike.Transport;

public sealed partial class IkeRunner
{
    [LoggerMessage(EventId = 3311, Level = LogLevel.Error, Message = "IKE engine failed on a datagram from {Remote}; dropped")]
    private static partial void LogEngineFailed(ILogger logger, IPEndPoint remote, Exception exception);

    [LoggerMessage(EventId = 3312, Level = LogLevel.Error, Message = "IKE action {Action} failed")]
    private static partial void LogActionFailed(ILogger logger, string action, Exception exception);

    [LoggerMessage(EventId = 3313, Level = LogLevel.Warning,
        Message = "CHILD_SA {Spi:x8} established but no ESP data plane is running: no traffic will flow through it")]
    private static partial void LogNoDataPlane(ILogger logger, uint spi);

    [LoggerMessage(EventId = 3315, Level = LogLevel.Error, Message = "IKE loop: a timer or the data-plane usage poll failed; the loop goes on")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
