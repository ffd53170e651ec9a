using System.Globalization;
using System.Text.Json;
using EdgeMx.Appliance.Control;
using EdgeMx.Core.Serialization;

namespace EdgeMx.Appliance.Cli;

/// <summary>`edgemx events [--since ...] [--after N] [--max N] [--follow] [--json]`.</summary>
public static class EventsCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        if (args.Positional.Count > 0) throw new UsageException($"events takes no arguments (got \"{args.Positional[0]}\")");
        var request = new ControlRequest
        {
            Type = ControlRequest.Events,
            Since = args.Value("since") is { } since ? ParseSince(since, DateTimeOffset.UtcNow) : null,
            After = args.Value("after") is { } after ? long.TryParse(after, out var a) && a >= 0 ? a : throw new UsageException("--after must be a sequence number") : null,
            Max = args.Value("max") is { } max ? int.TryParse(max, out var m) ? m : throw new UsageException("--max must be a number") : null,
            Follow = args.Flag("follow") ? true : null,
        };
        var json = args.Flag("json");
        await using var client = await ControlClient.ConnectAsync(ControlClient.ResolvePath(args.Value("socket")), cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var r in client.StreamAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (!r.Ok) return StatusCommand.Refused(r);
                if (r.Event is { } e)
                {
                    Console.Out.WriteLine(json ? JsonSerializer.Serialize(e, CoreJsonContext.Default.ApplianceEvent) : EventView.Format(e));
                    Console.Out.Flush();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        return ExitCodes.Ok;
    }

    /// <summary>"30s", "10m", "2h", "1d" before <paramref name="now"/>, or an ISO 8601 time.</summary>
    public static DateTimeOffset ParseSince(string text, DateTimeOffset now)
    {
        if (text.Length >= 2 && char.IsAsciiLetter(text[^1]) && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0)
        {
            var span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => throw new UsageException($"--since {text}: use s, m, h or d (30s, 10m, 2h, 1d) or an ISO time"),
            };
            return now - span;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var t)) return t;
        throw new UsageException($"--since {text}: expected a duration (30s, 10m, 2h, 1d) or a time (2026-01-31T10:00:00Z)");
    }
}
