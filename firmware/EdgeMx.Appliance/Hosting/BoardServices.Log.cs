using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Hosting;

public static partial class BoardServices
{
    [LoggerMessage(EventId = 6110, Level = LogLevel.Warning, Message = "LED {Led}: blinking stopped: {Reason}")]
    private static partial void LogBlinkFailed(ILogger logger, string led, string reason);

    [LoggerMessage(EventId = 6111, Level = LogLevel.Warning,
        Message = "{Variable} is set: the {Provider} crypto provider's {Algorithm} is deliberately broken to exercise the start-up self-test")]
    private static partial void LogFaultInjected(ILogger logger, string variable, string provider, string algorithm);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Error, Message = "link-state GPIO {Line} ({Interface}) failed: {Reason}; carrier changes on this line are not seen until the appliance restarts")]
    private static partial void LogGpioLinkFailed(ILogger logger, string line, string @interface, string reason);
}
