namespace EdgeMx.Core.Configuration.Checks;

/// <summary>Every semantic check the appliance runs. Subsystems append theirs here (one line each).</summary>
public static class ConfigChecks
{
    public static IReadOnlyList<IConfigCheck> All { get; } =
    [
        new NamesAndInterfacesCheck(),
        new UplinkAddressingCheck(),
        new SubnetOverlapCheck(),
        new UplinkSelectionCheck(),
        new MonitoringTimersCheck(),
        new SystemPathsCheck(),
        new BoardCheck(),
        new TelemetryCheck(),
        new TunnelsCheck(),
    ];
}
