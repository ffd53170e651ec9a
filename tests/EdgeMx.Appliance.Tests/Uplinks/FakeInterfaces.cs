using EdgeMx.Core.Configuration;

namespace EdgeMx.Appliance.Tests.Uplinks;

internal sealed class FakeInterfaces(params string[] names) : IInterfaceInventory
{
    public IReadOnlyCollection<string> Names => names;
}
