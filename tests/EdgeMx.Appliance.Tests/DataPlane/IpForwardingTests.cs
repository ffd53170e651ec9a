using EdgeMx.Appliance.DataPlane;

namespace EdgeMx.Appliance.Tests.DataPlane;

public class IpForwardingTests
{
    [Fact]
    public void Switches_forwarding_on_and_puts_back_what_it_found()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "0\n");
            var forwarding = new IpForwarding(path: file);
            Assert.True(forwarding.Enable());
            Assert.Equal("1", File.ReadAllText(file).Trim());
            Assert.False(forwarding.Enable()); // already on: nothing to do, still ours to restore
            forwarding.Restore();
            Assert.Equal("0", File.ReadAllText(file).Trim());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Leaves_forwarding_on_when_it_was_on_before()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "1\n");
            var forwarding = new IpForwarding(path: file);
            Assert.False(forwarding.Enable());
            forwarding.Restore();
            Assert.Equal("1", File.ReadAllText(file).Trim()); // the operator's setting survives our stop
        }
        finally
        {
            File.Delete(file);
        }
    }
}
