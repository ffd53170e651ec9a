using EdgeMx.Core.Crypto;
using Microsoft.Extensions.Hosting;

namespace EdgeMx.Appliance.Hosting;

/// <summary>Runs the crypto self-tests and selection at start-up, before anything can ask for a provider.</summary>
public sealed class CryptoStartupService(CryptoRuntime runtime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!runtime.IsInitialized) runtime.Initialize();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
