using System.Diagnostics;

namespace EdgeMx.Hal.Tests.Native;

/// <summary>
/// Compiles a few lines of C against this machine's kernel uapi headers (linux-libc-dev) with gcc and returns what the
/// program prints: the sizes, offsets and ioctl numbers our managed layouts must equal. gcc and the headers are
/// installed by tools/setup.sh; without them the test fails and says so.
/// </summary>
internal static class KernelHeaders
{
    public static Dictionary<string, long> Evaluate(string includes, IReadOnlyDictionary<string, string> expressions)
    {
        var dir = Directory.CreateTempSubdirectory("edgemx-uapi-");
        try
        {
            var source = Path.Combine(dir.FullName, "probe.c");
            var body = string.Concat(expressions.Select(e => $"  printf(\"{e.Key}=%lld\\n\", (long long)({e.Value}));\n"));
            File.WriteAllText(source, $"#include <stdio.h>\n#include <stddef.h>\n{includes}\nint main(void) {{\n{body}  return 0;\n}}\n");
            var binary = Path.Combine(dir.FullName, "probe");
            Run("gcc", "-o", binary, source);
            return Run(binary).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('='))
                .ToDictionary(p => p[0], p => long.Parse(p[1]));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run {file} ({e.Message}); install gcc and linux-libc-dev (tools/setup.sh)");
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEnd();
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {errors}");
            return output;
        }
    }
}
