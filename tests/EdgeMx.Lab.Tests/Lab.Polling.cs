using System.Diagnostics;

namespace EdgeMx.Lab.Tests;

// Lab tests wait for real conditions (a route, a carrier flag, an SA), each with a deadline - never a fixed sleep.
public sealed partial class Lab
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds and returns how long that took; throws a
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> when <paramref name="deadline"/> passes first.
    /// </summary>
    public static async Task<TimeSpan> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string what, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return clock.Elapsed;
            if (clock.Elapsed >= deadline)
                throw new TimeoutException($"waited {deadline.TotalSeconds:0.#} s for {what}; it did not happen");
            await Task.Delay(poll ?? DefaultPoll);
        }
    }

    public static Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan deadline, string what, TimeSpan? poll = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), deadline, what, poll);

    /// <summary>Polls a shell command in a node until it exits 0.</summary>
    public Task<TimeSpan> WaitUntilSucceedsAsync(string node, string shellCommand, TimeSpan deadline, string? what = null) =>
        WaitUntilAsync(async () => (await RunAsync(node, shellCommand, deadline)).Succeeded, deadline,
            what ?? $"'{shellCommand}' to succeed in {Namespace(node)}");
}
