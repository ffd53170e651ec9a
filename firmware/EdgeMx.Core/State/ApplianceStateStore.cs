using System.Runtime.CompilerServices;

namespace EdgeMx.Core.State;

/// <summary>
/// The one place the appliance snapshot lives. Writers replace their slice with a pure function (compare-and-swap,
/// retried on contention); watchers get the latest snapshot whenever the revision moves.
/// </summary>
public sealed class ApplianceStateStore : IApplianceStateStore
{
    private readonly TimeProvider _time;
    private ApplianceState _current;
    // Completed (and replaced) on every change; watchers await the one they saw last.
    private TaskCompletionSource _changed = NewSignal();

    public ApplianceStateStore(ApplianceState initial, TimeProvider time)
    {
        _time = time;
        _current = initial;
    }

    public ApplianceState Current => Volatile.Read(ref _current);

    public ApplianceState Update(Func<ApplianceState, ApplianceState> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var seen = Volatile.Read(ref _current);
            var proposed = change(seen);
            if (ReferenceEquals(proposed, seen) || proposed == seen) return seen;
            var next = proposed with { Revision = seen.Revision + 1, UpdatedAt = _time.GetUtcNow() };
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, seen), seen))
            {
                Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
                return next;
            }
        }
    }

    public async IAsyncEnumerable<ApplianceState> Watch([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long delivered = -1;
        while (!cancellationToken.IsCancellationRequested)
        {
            // Take the signal before reading the state, so a change between the two is never missed.
            var signal = Volatile.Read(ref _changed).Task;
            var state = Current;
            if (state.Revision != delivered)
            {
                delivered = state.Revision;
                yield return state;
                continue;
            }
            try
            {
                await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
