using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.DataPlane;

public sealed partial class DataPlaneService
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "ESP data plane backend: {Backend} ({Reason}); kernel evidence: {Evidence}")]
    private static partial void LogChoice(ILogger logger, string backend, string reason, string evidence);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "ESP data plane: kernel XFRM was configured but is not usable; falling back to user space ({Reason})")]
    private static partial void LogFellBack(ILogger logger, string reason);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Error, Message = "ESP data plane: the {Backend} backend could not start")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string backend);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "ESP data plane: {Backend} backend running{Device}")]
    private static partial void LogRunning(ILogger logger, string backend, string device);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "ESP data plane: publishing counters failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Information, Message = "IPv4 forwarding switched on (LAN traffic to the tunnels); it is switched off again at stop")]
    private static partial void LogForwardingEnabled(ILogger logger);

    [LoggerMessage(EventId = 4306, Level = LogLevel.Error, Message = "IPv4 forwarding could not be switched on: {Error}; LAN hosts cannot reach the tunnels")]
    private static partial void LogForwardingFailed(ILogger logger, string error);
}
