using System.Collections.Immutable;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Hal.Linux.Crypto.Kernel;

/// <summary>
/// Decides whether kernel ESP offload (XFRM) is available: passive evidence first (/proc/net/xfrm_stat, esp4 in
/// /proc/modules, modules.builtin or modules.dep of the running kernel), then the definitive netlink probe
/// (<see cref="XfrmEspProbe"/>). When the probe cannot run (not root), the passive evidence decides.
/// </summary>
public sealed class KernelEspOffloadProbe : IKernelEspOffloadProbe
{
    private readonly string _proc;
    private readonly string _modules;
    private readonly Func<XfrmEspProbe.Result> _active;

    public KernelEspOffloadProbe() : this("/proc", "/lib/modules", () => XfrmEspProbe.Run(TimeSpan.FromSeconds(2)))
    {
    }

    internal KernelEspOffloadProbe(string procRoot, string modulesRoot, Func<XfrmEspProbe.Result> active)
    {
        _proc = procRoot;
        _modules = modulesRoot;
        _active = active;
    }

    /// <summary>What the kernel's ESP can do with the algorithms EdgeMx negotiates.</summary>
    public static readonly ImmutableArray<CryptoAlgorithm> EspAlgorithms =
    [
        CryptoAlgorithm.AesGcm16, CryptoAlgorithm.AesCbc, CryptoAlgorithm.TripleDesCbc,
        CryptoAlgorithm.HmacSha1, CryptoAlgorithm.HmacSha256, CryptoAlgorithm.HmacSha384, CryptoAlgorithm.HmacSha512,
    ];

    public KernelEspOffload Probe()
    {
        var evidence = ImmutableArray.CreateBuilder<string>();
        evidence.Add(File.Exists(Path.Combine(_proc, "net/xfrm_stat"))
            ? "/proc/net/xfrm_stat present (XFRM with statistics)"
            : "/proc/net/xfrm_stat absent");
        var module = Esp4Module(evidence);

        var probe = _active();
        evidence.Add("netlink probe: " + probe.Detail);
        return probe.Outcome switch
        {
            XfrmEspProbe.Outcome.EspAccepted => Present("the kernel accepts ESP states", evidence, probe.Gcm),
            XfrmEspProbe.Outcome.EspNotSupported => Absent("the kernel has no usable ESP", evidence),
            XfrmEspProbe.Outcome.XfrmUnavailable => Absent("no XFRM netlink (xfrm_user)", evidence),
            _ => module switch
            {
                ModuleState.Loaded => Present("esp4 is loaded (netlink probe not possible)", evidence),
                ModuleState.BuiltIn => Present("esp4 is built in (netlink probe not possible)", evidence),
                ModuleState.Loadable => Present("esp4 is available as a module (netlink probe not possible)", evidence),
                _ => Absent("no evidence of ESP in the kernel", evidence),
            },
        };
    }

    private enum ModuleState { Unknown, Loaded, BuiltIn, Loadable, Missing }

    private ModuleState Esp4Module(ImmutableArray<string>.Builder evidence)
    {
        var procModules = Path.Combine(_proc, "modules");
        if (File.Exists(procModules))
        {
            if (ReadLines(procModules).Any(l => l.StartsWith("esp4 ", StringComparison.Ordinal)))
            {
                evidence.Add("esp4 loaded (/proc/modules)");
                return ModuleState.Loaded;
            }
            evidence.Add("esp4 not loaded (/proc/modules)");
        }
        else
        {
            evidence.Add("no /proc/modules (kernel without loadable modules)");
        }

        var release = ReadLines(Path.Combine(_proc, "sys/kernel/osrelease")).FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(release)) return ModuleState.Unknown;
        var directory = Path.Combine(_modules, release);
        if (!Directory.Exists(directory))
        {
            evidence.Add($"no {directory}");
            return ModuleState.Unknown;
        }
        if (ReadLines(Path.Combine(directory, "modules.builtin")).Any(l => l.EndsWith("/esp4.ko", StringComparison.Ordinal)))
        {
            evidence.Add($"esp4 built in ({release}/modules.builtin)");
            return ModuleState.BuiltIn;
        }
        if (ReadLines(Path.Combine(directory, "modules.dep")).Any(l => l.Contains("/esp4.ko", StringComparison.Ordinal)))
        {
            evidence.Add($"esp4 available as a module ({release}/modules.dep)");
            return ModuleState.Loadable;
        }
        evidence.Add($"esp4 in neither modules.builtin nor modules.dep of {release}");
        return ModuleState.Missing;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static KernelEspOffload Present(string summary, ImmutableArray<string>.Builder evidence, bool gcm = true) =>
        new(true, summary, evidence.ToImmutable())
        {
            Algorithms = gcm ? EspAlgorithms : EspAlgorithms.Remove(CryptoAlgorithm.AesGcm16),
        };

    private static KernelEspOffload Absent(string summary, ImmutableArray<string>.Builder evidence) =>
        new(false, summary, evidence.ToImmutable());
}
