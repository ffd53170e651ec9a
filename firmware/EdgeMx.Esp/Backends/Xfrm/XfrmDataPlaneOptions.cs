using EdgeMx.Net;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>Settings of the kernel (XFRM) backend.</summary>
public sealed record XfrmDataPlaneOptions
{
    /// <summary>Whose SAD/SPD to program (tests); null = the process's network namespace.</summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>How long one XFRM request may take before it fails.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
