namespace EdgeMx.Testing;

/// <summary>
/// A fact that needs root and network namespaces (CI runs as root). When they are missing the test FAILS with a
/// clear reason rather than being skipped: CI must never go green by not running the lab.
/// </summary>
public static class Root
{
    public static void Require()
    {
        if (Environment.UserName != "root" && Environment.GetEnvironmentVariable("USER") != "root" && geteuid() != 0)
            throw new InvalidOperationException("this test needs root (network namespaces); run it as CI does: sudo bash .ci/run");
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
