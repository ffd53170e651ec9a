using System.Net.NetworkInformation;

namespace EdgeMx.Core.Configuration;

/// <summary>
/// Interfaces of the calling process's network namespace (getifaddrs via the BCL, which lists every link — up or down,
/// with or without addresses — and, unlike /sys/class/net, follows the namespace even without a sysfs remount).
/// </summary>
public sealed class SystemInterfaceInventory : IInterfaceInventory
{
    public IReadOnlyCollection<string> Names =>
        NetworkInterface.GetAllNetworkInterfaces().Select(i => i.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
