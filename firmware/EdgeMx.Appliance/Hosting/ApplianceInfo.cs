using System.Reflection;

namespace EdgeMx.Appliance.Hosting;

public static class ApplianceInfo
{
    public static string Version { get; } =
        typeof(ApplianceInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ApplianceInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";
}
