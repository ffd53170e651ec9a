namespace EdgeMx.Hal.Linux.Gpio;

public enum GpioBias
{
    /// <summary>Leave the pin's bias as the firmware/device tree set it.</summary>
    AsIs,
    PullUp,
    PullDown,
    Disabled,
}
