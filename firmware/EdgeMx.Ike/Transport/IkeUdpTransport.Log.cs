using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Ike.Transport;

public sealed partial class IkeUdpTransport
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "IKE socket open on {Local} (dev {Device})")]
    private static partial void LogOpened(ILogger logger, IPEndPoint local, string device);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "IKE socket on {Local} closed")]
    private static partial void LogClosed(ILogger logger, IPEndPoint local);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Debug, Message = "IKE: no socket open on {Local}; datagram to {Remote} not sent")]
    private static partial void LogNoSocket(ILogger logger, IPEndPoint local, IPEndPoint remote);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Debug, Message = "IKE: sending from {Local} to {Remote} failed: {Error}")]
    private static partial void LogSendFailed(ILogger logger, IPEndPoint local, IPEndPoint remote, SocketError error);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Debug, Message = "IKE receive on {Local}: {Error}")]
    private static partial void LogReceiveError(ILogger logger, IPEndPoint local, SocketError error);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Error, Message = "IKE: handling a datagram received on {Local} failed")]
    private static partial void LogHandlerFailed(ILogger logger, IPEndPoint local, Exception exception);
}
