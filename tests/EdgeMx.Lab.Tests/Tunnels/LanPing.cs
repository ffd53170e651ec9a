using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeMx.Lab.Tests.Tunnels;

/// <summary>
/// A ping that keeps running from the LAN client to a host behind a hub (`ping -n -O -i INTERVAL`, its output in a
/// log under the lab's log dir): traffic through the tunnel for as long as a test needs it, and afterwards how many
/// requests went unanswered (`-O` names each one as it happens, so the losses can be told apart from the last few
/// requests still in flight when it is stopped).
/// </summary>
internal sealed partial class LanPing : IAsyncDisposable
{
    private static int _sequence;
    private readonly NamespaceProcess _process;

    private LanPing(NamespaceProcess process) => _process = process;

    public static LanPing Start(Lab lab, string address, TimeSpan interval)
    {
        var log = Path.Combine(RepoPaths.LogDir(lab.Prefix), $"ping-{Interlocked.Increment(ref _sequence)}.log");
        var seconds = interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return new LanPing(NamespaceProcess.Start(lab, "lan", ["ping", "-n", "-O", "-W", "1", "-i", seconds, address], log));
    }

    /// <summary>The highest icmp_seq ping has reported so far (answered or not).</summary>
    public int LastSequence => AnySequencePattern().Matches(_process.ReadLog())
        .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>Replies received so far.</summary>
    public int Replies => ReplyPattern().Count(_process.ReadLog());

    /// <summary>The icmp_seq of every request that got no reply in time (`no answer yet for icmp_seq=N`), minus
    /// those whose reply came late after all.</summary>
    public IReadOnlyList<int> Unanswered
    {
        get
        {
            var log = _process.ReadLog();
            var answered = ReplyPattern().Matches(log).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
            return [.. NoAnswerPattern().Matches(log).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
                .Where(seq => !answered.Contains(seq)).Distinct()];
        }
    }

    /// <summary>Waits until <paramref name="count"/> more replies than now have arrived.</summary>
    public async Task WaitForRepliesAsync(int count, TimeSpan deadline, string what)
    {
        var target = Replies + count;
        await Lab.WaitUntilAsync(() => Replies >= target, deadline, what, TimeSpan.FromMilliseconds(200));
    }

    public string Log => _process.ReadLog();

    /// <summary>SIGINT: ping prints its summary and exits.</summary>
    public async Task StopAsync()
    {
        if (_process.Signal(Native.SIGINT)) await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"bytes from [0-9.]+: icmp_seq=(\d+) ")]
    private static partial Regex ReplyPattern();

    [GeneratedRegex(@"no answer yet for icmp_seq=(\d+)")]
    private static partial Regex NoAnswerPattern();

    [GeneratedRegex(@"icmp_seq=(\d+)")]
    private static partial Regex AnySequencePattern();
}
