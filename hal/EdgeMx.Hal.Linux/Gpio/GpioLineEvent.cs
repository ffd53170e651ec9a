namespace EdgeMx.Hal.Linux.Gpio;

/// <summary>One edge reported by the kernel (struct gpio_v2_line_event): rising = the line became active.</summary>
public readonly record struct GpioLineEvent(ulong TimestampNs, bool Rising, uint Offset, uint Sequence);
