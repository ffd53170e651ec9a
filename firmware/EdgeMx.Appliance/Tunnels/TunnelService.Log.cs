using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Tunnels;

public sealed partial class TunnelService
{
    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning,
        Message = "No ESP data plane is registered: IKE runs, CHILD_SAs are negotiated but no traffic flows through them")]
    private static partial void LogNoDataPlane(ILogger logger);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Error, Message = "Cannot open IKE sockets (UDP 500/4500) on {Address} dev {Device}: {Error}")]
    private static partial void LogOpenFailed(ILogger logger, IPAddress address, string device, SocketError error);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "Tunnel {Tunnel}: initiating from {Uplink} ({Address})")]
    private static partial void LogInitiating(ILogger logger, string tunnel, string uplink, IPAddress address);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Information, Message = "Tunnel {Tunnel}: {Changes} changed on reload; re-establishing it")]
    private static partial void LogReconfigured(ILogger logger, string tunnel, string changes);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Information, Message = "Tunnel {Tunnel}: CHILD_SA {Child} reached a data-plane limit ({Expiry})")]
    private static partial void LogSaExpired(ILogger logger, string tunnel, string child, string expiry);
}
