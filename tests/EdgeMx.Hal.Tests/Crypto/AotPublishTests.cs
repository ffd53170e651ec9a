using System.Diagnostics;

namespace EdgeMx.Hal.Tests.Crypto;

/// <summary>
/// Publishes tests/EdgeMx.Hal.AotProbe with the product recipe (image-build/publish.sh: Native AOT, net9.0, linux-x64)
/// and runs it. The probe runs every known-answer test of the managed and platform providers and a key exchange per
/// group across them inside the AOT binary — the proof that no BouncyCastle path we use needs reflection at run time.
/// Slow (a Native AOT compile, 1–3 minutes), so it carries its own trait.
/// </summary>
[Trait("Category", "Aot")]
public class AotPublishTests
{
    [Fact]
    public void Managed_provider_passes_its_self_test_inside_a_native_aot_binary()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("edgemx-hal-aot-");
        try
        {
            var output = Path.Combine(work.FullName, "out");
            var publish = Run("bash", root,
                "image-build/publish.sh", "--rid", "linux-x64",
                "--project", "tests/EdgeMx.Hal.AotProbe/EdgeMx.Hal.AotProbe.csproj",
                "--output", output, "--artifacts", Path.Combine(work.FullName, "artifacts"));
            Assert.True(publish.ExitCode == 0, "publish failed:\n" + publish.Output);

            var binary = Path.Combine(output, "edgemx-aot-probe");
            Assert.True(File.Exists(binary), "no binary at " + binary);
            // Native AOT: no IL entry assembly next to the binary.
            Assert.False(File.Exists(Path.Combine(output, "edgemx-aot-probe.dll")));

            var probe = Run(binary, root);
            Assert.True(probe.ExitCode == 0, "probe failed:\n" + probe.Output);
            Assert.Contains("AOT PROBE PASSED", probe.Output);
            foreach (var algorithm in new[] { "aes-gcm-16", "aes-cbc", "3des-cbc", "hmac-sha1", "hmac-sha512", "modp1024",
                                              "modp2048", "modp3072", "ecp256", "ecp384", "curve25519" })
                Assert.Contains($"managed {algorithm} ok", probe.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The test host's MSBuild environment must not leak into the nested dotnet publish.
        foreach (var name in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
            start.Environment.Remove(name);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + stdout.Result + stderr.Result);
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EdgeMx.sln"))) return dir.FullName;
        throw new InvalidOperationException("EdgeMx.sln not found above " + AppContext.BaseDirectory);
    }
}
