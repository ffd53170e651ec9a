using System.Net;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Esp.Backends.UserSpace;

public sealed partial class UserSpaceDataPlane
{
    [LoggerMessage(EventId = 4230, Level = LogLevel.Information, Message = "user-space ESP data plane on {Device}, ESP in UDP through {Udp}")]
    private static partial void LogStarted(ILogger logger, string device, string udp);

    [LoggerMessage(EventId = 4231, Level = LogLevel.Information, Message = "CHILD_SA installed: {ChildSa}")]
    private static partial void LogInstalled(ILogger logger, string childSa);

    [LoggerMessage(EventId = 4232, Level = LogLevel.Information, Message = "CHILD_SA removed: in 0x{InboundSpi:x8}, out 0x{OutboundSpi:x8}")]
    private static partial void LogRemoved(ILogger logger, uint inboundSpi, uint outboundSpi);

    [LoggerMessage(EventId = 4233, Level = LogLevel.Information, Message = "CHILD_SA 0x{InboundSpi:x8} endpoints now {Endpoints}")]
    private static partial void LogEndpoints(ILogger logger, uint inboundSpi, string endpoints);

    [LoggerMessage(EventId = 4234, Level = LogLevel.Information, Message = "{Expiry}")]
    private static partial void LogExpiry(ILogger logger, string expiry);

    [LoggerMessage(EventId = 4235, Level = LogLevel.Warning, Message = "TUN device read failed")]
    private static partial void LogTunError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4236, Level = LogLevel.Error, Message = "lifetime check failed")]
    private static partial void LogTimerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4237, Level = LogLevel.Warning, Message = "could not find the uplink MTU of {Address}; using the default")]
    private static partial void LogMtuLookupFailed(ILogger logger, Exception exception, IPAddress address);

    [LoggerMessage(EventId = 4238, Level = LogLevel.Warning, Message = "could not set accept_local on {Device}: ICMP errors to LAN hosts may be dropped by the kernel")]
    private static partial void LogAcceptLocalFailed(ILogger logger, Exception exception, string device);

    [LoggerMessage(EventId = 4240, Level = LogLevel.Debug, Message = "could not switch IPv6 autoconfiguration off on {Device} (no IPv6?)")]
    private static partial void LogIpv6AutoconfigurationKept(ILogger logger, Exception exception, string device);

    [LoggerMessage(EventId = 4239, Level = LogLevel.Information, Message = "user-space ESP data plane on {Device} stopped")]
    private static partial void LogStopped(ILogger logger, string device);
}
