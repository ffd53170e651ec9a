using Microsoft.Extensions.Logging;

namespace EdgeMx.Esp.Backends.Xfrm;

public sealed partial class XfrmDataPlane
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "ESP data plane: kernel XFRM backend started")]
    private static partial void LogStarted(ILogger logger);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "XFRM: CHILD_SA installed: {ChildSa}")]
    private static partial void LogInstalled(ILogger logger, string childSa);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "XFRM: CHILD_SA removed: in 0x{InboundSpi:x8}, out 0x{OutboundSpi:x8}")]
    private static partial void LogRemoved(ILogger logger, uint inboundSpi, uint outboundSpi);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "XFRM: {Operation} failed during cleanup")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "XFRM: {Expiry}")]
    private static partial void LogExpiry(ILogger logger, string expiry);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "XFRM: reading expiry notifications failed; retrying")]
    private static partial void LogExpireReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Information, Message = "XFRM: CHILD_SA 0x{InboundSpi:x8} moved to {Endpoints}")]
    private static partial void LogEndpoints(ILogger logger, uint inboundSpi, string endpoints);

    [LoggerMessage(EventId = 4207, Level = LogLevel.Warning, Message = "XFRM: reading the counters of SA 0x{Spi:x8} failed")]
    private static partial void LogCountersFailed(ILogger logger, Exception exception, uint spi);
}
