using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform;

namespace EdgeMx.Benchmarks.Crypto;

/// <summary>
/// The crypto providers side by side, in one run (tools/bench/crypto.sh prints per-provider numbers and the
/// platform/managed ratios): ESP's per-packet work on a 1400-byte packet, and one key exchange per IKE SA.
/// <list type="bullet">
/// <item>AES-GCM-128: seal one 1400-byte payload with an 8-byte AAD (ESP header) and a fresh nonce.</item>
/// <item>AES-CBC + HMAC-SHA-256: the same packet padded to 1408 bytes (RFC 4303 §2.4), encrypted, then the MAC over
/// header + IV + ciphertext (RFC 4303 §3.3.2, HMAC-SHA-256-128 truncation is the caller's).</item>
/// <item>X25519 / ECP-256 / MODP-2048: one operation = a fresh key pair plus one shared-secret derivation, what each
/// side of an IKE_SA_INIT costs.</item>
/// </list>
/// Runs in process (no generated project to build: on a busy 2-core machine that build alone outlasts
/// BenchmarkDotNet's build timeout); both providers share the process, so the ratio compares like with like.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class CryptoProviderBenchmarks
{
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
                .WithId("in-process"));
    }

    private const int PacketBytes = 1400;
    private const int CbcBytes = 1408;

    private IAeadCipher _gcm = null!;
    private ICbcCipher _cbc = null!;
    private IHmac _hmac = null!;
    private ICryptoProvider _provider = null!;
    private readonly byte[] _packet = new byte[PacketBytes];
    private readonly byte[] _output = new byte[CbcBytes];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _mac = new byte[32];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _aad = new byte[8];
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _cbcInput = new byte[CbcBytes];
    private readonly Dictionary<KeyExchangeGroup, byte[]> _peers = [];
    private ulong _counter;

    [Params("platform", "managed")]
    public string Provider { get; set; } = "platform";

    [GlobalSetup]
    public void Setup()
    {
        _provider = Provider == "platform" ? new PlatformCryptoProvider() : new ManagedCryptoProvider();
        var key = new byte[16];
        _provider.GetRandomBytes(key);
        _provider.GetRandomBytes(_packet);
        _gcm = _provider.CreateAead(AeadAlgorithm.AesGcm16, key);
        _cbc = _provider.CreateCbc(CbcAlgorithm.AesCbc, key);
        var macKey = new byte[32];
        _provider.GetRandomBytes(macKey);
        _hmac = _provider.CreateHmac(HashAlgorithm.Sha256, macKey);
        foreach (var group in new[] { KeyExchangeGroup.Curve25519, KeyExchangeGroup.Ecp256, KeyExchangeGroup.Modp2048 })
        {
            using var peer = new PlatformCryptoProvider().CreateKeyExchange(group);
            _peers[group] = peer.PublicKey.ToArray();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _gcm.Dispose();
        _cbc.Dispose();
        _hmac.Dispose();
    }

    [Benchmark(Description = "AES-GCM-128 1400 B")]
    public void AesGcm128()
    {
        // A counter IV, as ESP sends (RFC 4106 §3.1): never repeats.
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(_nonce.AsSpan(4), ++_counter);
        _gcm.Encrypt(_nonce, _packet, _output.AsSpan(0, PacketBytes), _tag, _aad);
    }

    [Benchmark(Description = "AES-CBC-128+HMAC-SHA-256 1400 B")]
    public void AesCbcHmacSha256()
    {
        _packet.CopyTo(_cbcInput, 0);
        _cbc.Encrypt(_iv, _cbcInput, _output);
        _hmac.Append(_aad);
        _hmac.Append(_iv);
        _hmac.Append(_output);
        _hmac.GetHashAndReset(_mac);
    }

    [Benchmark(Description = "X25519 keypair+derive")]
    public byte[] X25519() => KeyExchange(KeyExchangeGroup.Curve25519);

    [Benchmark(Description = "ECP-256 keypair+derive")]
    public byte[] Ecp256() => KeyExchange(KeyExchangeGroup.Ecp256);

    [Benchmark(Description = "MODP-2048 keypair+derive")]
    public byte[] Modp2048() => KeyExchange(KeyExchangeGroup.Modp2048);

    private byte[] KeyExchange(KeyExchangeGroup group)
    {
        using var ke = _provider.CreateKeyExchange(group);
        return ke.DeriveSharedSecret(_peers[group]);
    }
}
