namespace EdgeMx.Esp.DataPlane;

/// <summary>Which ESP backend the configuration asks for.</summary>
public enum EspBackendPreference
{
    /// <summary>The kernel (XFRM) when it has ESP, user space otherwise.</summary>
    Auto,

    /// <summary>Always user space (TUN + ESP in UDP / raw ESP), e.g. to measure it or to work around a kernel bug.</summary>
    UserSpace,

    /// <summary>The kernel if it can; user space (with a warning) when it cannot, so the branch stays connected.</summary>
    Xfrm,
}
