namespace EdgeMx.Core.Events;

public enum EventSeverity
{
    Debug,
    Info,
    Notice,
    Warning,
    Error,
    Critical,
}
