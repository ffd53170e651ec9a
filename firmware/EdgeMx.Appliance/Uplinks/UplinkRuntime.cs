using System.Net;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.State;
using EdgeMx.Core.Uplinks;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>What the controller knows about one configured uplink at run time.</summary>
internal sealed class UplinkRuntime(UplinkConfig config, int position, MonitoringSettings settings, UplinkMonitor monitor)
{
    /// <summary>Rules for uplink tables sit well before the main table's rule (32766).</summary>
    public const uint RulePriorityBase = 1000;

    public UplinkConfig Config { get; } = config;
    public int Position { get; } = position;
    public MonitoringSettings Settings { get; } = settings;
    public UplinkMonitor Monitor { get; } = monitor;
    public string Name => Config.Name;
    public string Interface => Config.Interface;
    public uint Table => (uint)Config.EffectiveRouteTable(Position);
    public uint RulePriority => RulePriorityBase + Table;
    public bool IsStatic => Config.Addressing.Mode == AddressingConfig.Static;

    public LinkObservation? Link { get; set; }
    public DateTimeOffset? LinkSince { get; set; }
    public long LinkDowns { get; set; }
    public long Activations { get; set; }

    /// <summary>The address in use: the configured one (static) or the first the OS assigned ("os").</summary>
    public (IPAddress Address, int PrefixLength)? Address { get; set; }
    public IPAddress? Gateway { get; set; }

    /// <summary>A static address EdgeMx put on the interface itself (removed again at shutdown).</summary>
    public (int Index, IPAddress Address, int PrefixLength)? AddedAddress { get; set; }

    public LinkStatus LinkStatus => Link switch
    {
        null => LinkStatus.Unknown,
        { Exists: false } => LinkStatus.Absent,
        { Operational: true } => LinkStatus.Up,
        _ => LinkStatus.Down,
    };

    /// <summary>Can carry routes: present, carrier, an address and a next hop.</summary>
    public UplinkRoute? Route => Link is { Exists: true, Operational: true } link && Address is { } a && Gateway is { } gw
        ? new UplinkRoute(Name, link.Index, a.Address, a.PrefixLength, gw, Table, RulePriority)
        : null;

    public ProbeBinding? Binding(IReadOnlyList<IPAddress> resolvers) => Link is { Exists: true, Operational: true } && Address is { } a
        ? new ProbeBinding(Name, Interface, a.Address, resolvers)
        : null;

    /// <summary>True when a reload changed nothing that matters for this uplink (then its monitor keeps its history).</summary>
    public bool SameAs(UplinkConfig other, int position, MonitoringSettings settings) =>
        position == Position
        && other.Name == Config.Name
        && other.Interface == Config.Interface
        && other.Addressing == Config.Addressing
        && other.EffectiveRouteTable(position) == Config.EffectiveRouteTable(Position)
        && (other.DnsServers ?? []).SequenceEqual(Config.DnsServers ?? [])
        && SameSettings(settings, Settings);

    private static bool SameSettings(MonitoringSettings a, MonitoringSettings b) =>
        a with { Probes = [] } == b with { Probes = [] } && a.Probes.SequenceEqual(b.Probes);
}
