using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.DataPlane;

/// <summary>The backend <see cref="EspBackendProbe"/> chose, why, and the kernel evidence it saw (for the log and status).</summary>
public sealed record EspBackendChoice(string Backend, string Reason, KernelEspOffload Kernel)
{
    /// <summary>True when the preference could not be honoured (xfrm asked for, no kernel ESP).</summary>
    public bool FellBack { get; init; }

    public override string ToString() => $"{Backend} ({Reason})";
}
