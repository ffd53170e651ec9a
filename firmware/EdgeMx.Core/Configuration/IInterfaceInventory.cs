namespace EdgeMx.Core.Configuration;

/// <summary>The network interfaces that exist where the configuration will run (the appliance's network namespace).</summary>
public interface IInterfaceInventory
{
    IReadOnlyCollection<string> Names { get; }
}
