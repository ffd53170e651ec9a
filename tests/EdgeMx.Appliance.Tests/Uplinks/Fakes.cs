using System.Net;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Appliance.Tests.Uplinks;

internal sealed class FakeRouter : IUplinkRouter
{
    public List<RoutingPlan> Applied { get; } = [];
    public List<(int Index, IPAddress Address, int Prefix)> AddedAddresses { get; } = [];
    public List<(int Index, IPAddress Address, int Prefix)> RemovedAddresses { get; } = [];
    public int RemoveAllCalls { get; private set; }
    public Exception? FailWith { get; set; }
    public IPAddress? OsGateway { get; set; }
    public bool AddressAlreadyThere { get; set; }

    public RoutingPlan? Current => Applied.Count == 0 ? null : Applied[^1];

    public Task ApplyAsync(RoutingPlan plan, CancellationToken cancellationToken)
    {
        if (FailWith is { } e) throw e;
        Applied.Add(plan);
        return Task.CompletedTask;
    }

    public Task<int> RemoveAllAsync(CancellationToken cancellationToken)
    {
        RemoveAllCalls++;
        return Task.FromResult(5);
    }

    public Task<bool> EnsureAddressAsync(int interfaceIndex, IPAddress address, int prefixLength, CancellationToken cancellationToken)
    {
        if (AddressAlreadyThere) return Task.FromResult(false);
        AddedAddresses.Add((interfaceIndex, address, prefixLength));
        return Task.FromResult(true);
    }

    public Task RemoveAddressAsync(int interfaceIndex, IPAddress address, int prefixLength, CancellationToken cancellationToken)
    {
        RemovedAddresses.Add((interfaceIndex, address, prefixLength));
        return Task.CompletedTask;
    }

    public Task<IPAddress?> FindOsGatewayAsync(int interfaceIndex, CancellationToken cancellationToken) => Task.FromResult(OsGateway);
}

internal static class TestConfig
{
    public static ProbeConfig[] Probes =>
    [
        new() { Method = "icmp", Target = "203.0.113.100" },
        new() { Method = "dns", Server = "203.0.113.100", Name = "www.lab" },
    ];

    /// <summary>The lab's two uplinks: wan1 static (primary), wan2 "os" with a configured gateway.</summary>
    public static ApplianceConfig Lab(int holdMs = 15_000) => new()
    {
        Device = new DeviceConfig { Id = "test" },
        Uplinks =
        [
            new UplinkConfig
            {
                Name = "wan1", Interface = "wan1",
                Addressing = new AddressingConfig { Mode = "static", Address = "198.51.100.2/24", Gateway = "198.51.100.1" },
            },
            new UplinkConfig
            {
                Name = "wan2", Interface = "wan2",
                Addressing = new AddressingConfig { Mode = "os", Gateway = "10.0.2.1" },
            },
        ],
        UplinkSelection = new UplinkSelectionConfig { Primary = "wan1", FailbackHoldMs = holdMs },
        Monitoring = new MonitoringConfig { IntervalMs = 1000, TimeoutMs = 500, FailureThreshold = 3, RecoveryThreshold = 3, WindowRounds = 10, Probes = [.. Probes] },
    };

    public static LinkObservation Wan1(bool up = true, int index = 2) =>
        new("wan1", index, true, up, up ? "up" : "lowerlayerdown", [(IPAddress.Parse("198.51.100.2"), 24)]);

    public static LinkObservation Wan2(bool up = true) =>
        new("wan2", 3, true, up, up ? "up" : "lowerlayerdown", [(IPAddress.Parse("10.0.2.2"), 24)]);
}
