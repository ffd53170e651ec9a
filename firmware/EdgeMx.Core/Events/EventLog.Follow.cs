using System.Runtime.CompilerServices;

namespace EdgeMx.Core.Events;

public sealed partial class EventLog
{
    // Followers read from the ring in batches rather than holding a queue of their own: a slow follower costs nothing,
    // and one that falls behind the ring simply resumes at the oldest entry still kept.
    private const int FollowBatch = 256;

    public async IAsyncEnumerable<ApplianceEvent> Follow(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = afterSequence;
        while (!cancellationToken.IsCancellationRequested)
        {
            Task signal;
            List<ApplianceEvent> batch;
            lock (_gate)
            {
                if (_disposed) yield break;
                signal = _appended.Task;
                batch = ReadLocked(cursor, null, FollowBatch);
            }
            if (batch.Count > 0)
            {
                foreach (var e in batch)
                {
                    cursor = e.Sequence;
                    yield return e;
                }
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
}
