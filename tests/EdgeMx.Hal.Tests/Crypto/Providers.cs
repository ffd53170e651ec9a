using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>Every provider under test, by name, so each vector runs against all of them.</summary>
public static class Providers
{
    public static TheoryData<string> Names => new(All.Keys);

    public static readonly IReadOnlyDictionary<string, Func<ICryptoProvider>> All = new Dictionary<string, Func<ICryptoProvider>>
    {
        ["platform"] = () => new PlatformCryptoProvider(),
        ["managed"] = () => new ManagedCryptoProvider(),
    };

    public static ICryptoProvider Create(string name) => All[name]();
}
