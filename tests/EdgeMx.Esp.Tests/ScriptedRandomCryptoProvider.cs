using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Esp.Tests;

/// <summary>
/// The platform provider, except that "random" bytes come from a script: known-answer tests need the IV of the
/// vector (a CBC IV, or the starting value of the GCM IV counter). When the script runs out, real random bytes follow.
/// </summary>
internal sealed class ScriptedRandomCryptoProvider(params byte[][] script) : ICryptoProvider
{
    private readonly PlatformCryptoProvider _platform = new();
    private readonly Queue<byte[]> _script = new(script);

    public string Name => "scripted";
    public bool Supports(CryptoAlgorithm algorithm) => _platform.Supports(algorithm);
    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) => _platform.CreateAead(algorithm, key);
    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) => _platform.CreateCbc(algorithm, key);
    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) => _platform.CreateHmac(hash, key);
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => _platform.CreateKeyExchange(group);
    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey) =>
        _platform.CreateKeyExchange(group, privateKey);

    public void GetRandomBytes(Span<byte> destination)
    {
        if (_script.TryDequeue(out var next))
        {
            if (next.Length != destination.Length)
                throw new InvalidOperationException($"script has {next.Length} bytes where {destination.Length} are asked for");
            next.CopyTo(destination);
            return;
        }
        _platform.GetRandomBytes(destination);
    }
}
