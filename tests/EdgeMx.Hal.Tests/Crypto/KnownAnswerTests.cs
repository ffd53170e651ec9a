namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>Published vectors, run against every provider (see <see cref="Providers"/>).</summary>
public partial class KnownAnswerTests
{
    public static TheoryData<string> ProviderNames() => Providers.Names;
}
