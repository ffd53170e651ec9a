using EdgeMx.Hal.Board;
using EdgeMx.Hal.Crypto.Selection;

namespace EdgeMx.Core.Crypto;

/// <summary>The board profile's `crypto` section, parsed.</summary>
public sealed record CryptoRuntimeOptions(CryptoPreference Preference, bool KernelEspOffload, IReadOnlyCollection<string> DeclaredCapabilities)
{
    public static CryptoRuntimeOptions Default { get; } = new(CryptoPreference.Auto, true, []);

    public static CryptoRuntimeOptions From(BoardCryptoConfig config) => new(
        CryptoProviderSelector.ParsePreference(config.Provider),
        config.KernelEspOffload != "off",
        config.Capabilities);
}
