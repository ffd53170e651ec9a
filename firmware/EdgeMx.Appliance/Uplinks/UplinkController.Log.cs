using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Uplinks;

public sealed partial class UplinkController
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "uplink controller: handling {Input} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string input, Exception error);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "routing: applying the plan failed; retrying")]
    private static partial void LogRoutingFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "routing: default via {Active}, {Uplinks} uplink table(s), applied in {Milliseconds:0.0} ms")]
    private static partial void LogRoutingApplied(ILogger logger, string active, int uplinks, double milliseconds);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "uplink {Uplink}: looking up the OS's gateway failed")]
    private static partial void LogGatewayLookupFailed(ILogger logger, string uplink, Exception error);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "uplink {Uplink}: removing the address {Address} EdgeMx added failed")]
    private static partial void LogAddressRemoveFailed(ILogger logger, string uplink, string address, Exception error);
}
