using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Ike.Tests;

/// <summary>The crypto provider the IKE tests run on: the platform provider the appliance uses.</summary>
internal static class TestCrypto
{
    public static readonly ICryptoProvider Provider = new PlatformCryptoProvider();
}
