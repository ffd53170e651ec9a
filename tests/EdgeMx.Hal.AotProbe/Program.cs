using EdgeMx.Hal.Crypto;
using EdgeMx.Hal.Crypto.SelfTest;
using EdgeMx.Hal.Linux.Crypto.Managed;
using EdgeMx.Hal.Linux.Crypto.Platform;

// Runs inside a Native AOT binary: every managed-provider path (and the platform one) through the known-answer
// self-test, then fresh key exchanges across providers. Prints one line per check; exit 0 only if all passed.
var failures = 0;
var managed = new ManagedCryptoProvider();
var platform = new PlatformCryptoProvider();
foreach (var provider in new ICryptoProvider[] { managed, platform })
{
    var report = CryptoSelfTest.Run(provider);
    foreach (var result in report.Results)
        Console.WriteLine($"{provider.Name} {result.Algorithm.Name()} {(result.Passed ? "ok" : "FAILED " + result.Failure)}");
    if (!report.Passed || report.Results.Length != Enum.GetValues<CryptoAlgorithm>().Length) failures++;
}

foreach (var group in Enum.GetValues<KeyExchangeGroup>())
{
    using var a = managed.CreateKeyExchange(group);
    using var b = platform.CreateKeyExchange(group);
    var agree = a.DeriveSharedSecret(b.PublicKey).AsSpan().SequenceEqual(b.DeriveSharedSecret(a.PublicKey));
    Console.WriteLine($"agreement {group.ToAlgorithm().Name()} {(agree ? "ok" : "FAILED")}");
    if (!agree) failures++;
}

var random = new byte[32];
managed.GetRandomBytes(random);
Console.WriteLine(random.AsSpan().ContainsAnyExcept((byte)0) ? "random ok" : "random FAILED");
Console.WriteLine(failures == 0 ? "AOT PROBE PASSED" : $"AOT PROBE FAILED ({failures})");
return failures == 0 ? 0 : 1;
