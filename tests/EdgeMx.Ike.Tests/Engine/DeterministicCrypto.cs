using EdgeMx.Hal.Crypto;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>
/// The platform provider with reproducible "randomness" (SPIs, nonces, IVs, jitter), so the two-engine tests are
/// the same on every run ("fixed nonces"). Key pairs still come from the platform provider.
/// </summary>
internal sealed class DeterministicCrypto(int seed) : ICryptoProvider
{
    private readonly ICryptoProvider _inner = TestCrypto.Provider;
    private readonly Random _random = new(seed);
    private readonly Queue<byte[]> _scripted = new();

    public string Name => "deterministic";

    /// <summary>The next GetRandomBytes call of exactly this length returns these bytes (a chosen nonce).</summary>
    public void Script(byte[] bytes) => _scripted.Enqueue(bytes);

    public bool Supports(CryptoAlgorithm algorithm) => _inner.Supports(algorithm);

    public IAeadCipher CreateAead(AeadAlgorithm algorithm, ReadOnlySpan<byte> key) => _inner.CreateAead(algorithm, key);

    public ICbcCipher CreateCbc(CbcAlgorithm algorithm, ReadOnlySpan<byte> key) => _inner.CreateCbc(algorithm, key);

    public IHmac CreateHmac(HashAlgorithm hash, ReadOnlySpan<byte> key) => _inner.CreateHmac(hash, key);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group) => _inner.CreateKeyExchange(group);

    public IKeyExchange CreateKeyExchange(KeyExchangeGroup group, ReadOnlySpan<byte> privateKey) =>
        _inner.CreateKeyExchange(group, privateKey);

    public int ComputeHash(HashAlgorithm hash, ReadOnlySpan<byte> data, Span<byte> destination) =>
        _inner.ComputeHash(hash, data, destination);

    public void GetRandomBytes(Span<byte> destination)
    {
        if (_scripted.TryPeek(out var next) && next.Length == destination.Length)
        {
            _scripted.Dequeue().CopyTo(destination);
            return;
        }
        _random.NextBytes(destination);
    }
}
