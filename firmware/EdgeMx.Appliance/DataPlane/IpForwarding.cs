using EdgeMx.Net;

namespace EdgeMx.Appliance.DataPlane;

/// <summary>
/// IPv4 forwarding (net.ipv4.ip_forward) of the appliance's namespace. The appliance is the LAN's router: traffic
/// from LAN hosts to a hub's subnet is forwarded into the tunnel device, so forwarding must be on while the data
/// plane runs. We switch it on only if it was off, and put back what we found when the data plane stops
/// (`edgemx run` removes what it installed).
/// </summary>
public sealed class IpForwarding
{
    public const string SysctlPath = "/proc/sys/net/ipv4/ip_forward";

    private readonly NetworkNamespace? _namespace;
    private readonly string _path;
    private bool _enabledByUs;

    public IpForwarding(NetworkNamespace? ns = null, string path = SysctlPath)
    {
        _namespace = ns;
        _path = path;
    }

    /// <summary>Switches forwarding on; true when it was off before (and will be switched off again by <see cref="Restore"/>).</summary>
    public bool Enable()
    {
        // /proc/sys/net resolves to the namespace of the thread that opens it, hence the namespace hop.
        var wasOff = Run(() =>
        {
            if (File.ReadAllText(_path).Trim() == "1") return false;
            File.WriteAllText(_path, "1\n");
            return true;
        });
        _enabledByUs |= wasOff;
        return wasOff;
    }

    /// <summary>Switches forwarding off again if <see cref="Enable"/> switched it on.</summary>
    public void Restore()
    {
        if (!_enabledByUs) return;
        Run(() =>
        {
            File.WriteAllText(_path, "0\n");
            return true;
        });
        _enabledByUs = false;
    }

    private T Run<T>(Func<T> action) => _namespace is { } ns ? ns.Run(action) : action();
}
