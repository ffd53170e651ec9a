using System.Globalization;
using System.Net;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>"--name value" options of the IKE benchmark modes.</summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchArguments(IEnumerable<string> args)
    {
        string? key = null;
        foreach (var arg in args)
        {
            if (key is null)
            {
                if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'");
                key = arg[2..];
            }
            else
            {
                _values[key] = arg;
                key = null;
            }
        }
        if (key is not null) throw new ArgumentException($"--{key} needs a value");
    }

    public string Get(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"missing --{name}");

    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public IPAddress Address(string name) => IPAddress.Parse(Get(name));

    /// <summary>The PSK from a file (the script writes it 0600), trailing newline removed.</summary>
    public byte[] Psk() => System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(Get("psk-file")).TrimEnd('\n', '\r'));
}
