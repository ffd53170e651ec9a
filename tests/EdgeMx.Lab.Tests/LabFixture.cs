using EdgeMx.Testing;

namespace EdgeMx.Lab.Tests;

/// <summary>
/// One lab for a test collection: brought up (random prefix) before its first test, torn down after its last one,
/// whether the tests passed or not. Without root every test of the collection fails with Root.Require's message.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    private Lab? _lab;

    public Lab Lab => _lab ?? throw new InvalidOperationException("the lab is not up");

    public async Task InitializeAsync()
    {
        Root.Require();
        // EDGEMX_LAB_REAP=0: leave other runs' abandoned labs alone (a shared machine where each engineer tears down
        // only their own labs).
        if (Environment.GetEnvironmentVariable("EDGEMX_LAB_REAP") != "0") await Lab.ReapAbandonedAsync();
        _lab = await Lab.UpAsync();
    }

    public async Task DisposeAsync()
    {
        if (_lab is not null) await _lab.DownAsync();
    }
}
