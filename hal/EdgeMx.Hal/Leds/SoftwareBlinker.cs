namespace EdgeMx.Hal.Leds;

/// <summary>
/// Blinks LEDs that have no kernel trigger (GPIO lines): one <see cref="TimeProvider"/> timer per blinking LED, re-armed
/// after each step with the next duration of <see cref="LedTimings.Steps"/>. No busy loop, no thread of its own; unit
/// tests drive it with a manual clock.
/// </summary>
public sealed class SoftwareBlinker(TimeProvider time)
{
    /// <summary>Turns the LED on now and keeps toggling it until the returned handle is disposed. A failing write
    /// stops the blinking and is reported once to <paramref name="onError"/>.</summary>
    public IDisposable Start(Action<bool> set, LedPattern pattern, Action<Exception>? onError = null)
    {
        var steps = LedTimings.Steps(pattern);
        if (steps.Count == 0) throw new ArgumentException("solid is not a blinking pattern", nameof(pattern));
        return new Blink(time, set, steps, onError);
    }

    private sealed class Blink : IDisposable
    {
        private readonly object _gate = new();
        private readonly Action<bool> _set;
        private readonly IReadOnlyList<TimeSpan> _steps;
        private readonly Action<Exception>? _onError;
        private readonly ITimer _timer;
        private int _step;
        private bool _stopped;

        public Blink(TimeProvider time, Action<bool> set, IReadOnlyList<TimeSpan> steps, Action<Exception>? onError)
        {
            _set = set;
            _steps = steps;
            _onError = onError;
            _set(true);
            _timer = time.CreateTimer(_ => Tick(), null, steps[0], Timeout.InfiniteTimeSpan);
        }

        private void Tick()
        {
            lock (_gate)
            {
                if (_stopped) return;
                _step = (_step + 1) % _steps.Count;
                try
                {
                    _set(_step % 2 == 0); // even steps are "on"
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _stopped = true;
                    _onError?.Invoke(e);
                    return;
                }
                _timer.Change(_steps[_step], Timeout.InfiniteTimeSpan);
            }
        }

        public void Dispose()
        {
            lock (_gate) _stopped = true;
            _timer.Dispose();
        }
    }
}
