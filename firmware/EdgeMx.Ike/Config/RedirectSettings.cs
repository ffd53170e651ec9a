namespace EdgeMx.Ike.Config;

/// <summary>
/// RFC 5685 redirect, client side. We announce REDIRECT_SUPPORTED and follow a REDIRECT from the gateway, but at
/// most <see cref="MaxRedirects"/> times within <see cref="Window"/> (default 5 in 300 s), so misconfigured or
/// hostile gateways cannot bounce us around forever (seed 004, `max-redirects`).
/// </summary>
public sealed record RedirectSettings(bool Accept, int MaxRedirects, TimeSpan Window)
{
    public static readonly RedirectSettings Default = new(true, 5, TimeSpan.FromSeconds(300));
}
