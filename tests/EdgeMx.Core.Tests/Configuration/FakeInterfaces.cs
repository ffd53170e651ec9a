using EdgeMx.Core.Configuration;

namespace EdgeMx.Core.Tests.Configuration;

internal sealed class FakeInterfaces(params string[] names) : IInterfaceInventory
{
    public IReadOnlyCollection<string> Names => names;
}
