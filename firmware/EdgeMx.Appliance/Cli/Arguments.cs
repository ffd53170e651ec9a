namespace EdgeMx.Appliance.Cli;

/// <summary>
/// Hand-parsed command line (no reflection, so it stays trim/AOT-safe): positional words, `--flag`, `--option VALUE`
/// and `--option=VALUE`. Unknown options are errors, not ignored.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    /// <summary>Parses <paramref name="args"/> against the options that take a value and the flags that do not.</summary>
    public static Arguments Parse(IEnumerable<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        var result = new Arguments();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                result.Positional.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=');
            var name = eq > 0 ? arg[2..eq] : arg[2..];
            if (valued.Contains(name))
            {
                string value;
                if (eq > 0) value = arg[(eq + 1)..];
                else if (e.MoveNext()) value = e.Current;
                else throw new UsageException($"--{name} needs a value");
                result._options[name] = value;
            }
            else if (flags.Contains(name))
            {
                if (eq > 0) throw new UsageException($"--{name} takes no value");
                result._options[name] = null;
            }
            else
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
        return result;
    }

    public bool Flag(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.TryGetValue(name, out var v) ? v : null;
}

public sealed class UsageException(string message) : Exception(message);
