using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeMx.Hal.Links;
using EdgeMx.Hal.Linux.Gpio;

namespace EdgeMx.Hal.Linux.Links;

/// <summary>
/// Link state from GPIO inputs: one line request per WAN with edge detection on both edges and the kernel's debounce
/// filter (GPIO_V2_LINE_ATTR_ID_DEBOUNCE), read as line events from the request fd by a thread blocked in poll(2).
/// The current level is read once at start; every event afterwards carries the new level (rising = link up, after
/// active-low inversion by the kernel). Nothing samples the line.
/// </summary>
public sealed class GpioLinkStateSource : ILinkStateSource
{
    private readonly List<(GpioLinkInput Input, GpioChip Chip, GpioLineRequest Line)> _lines = [];
    private readonly Channel<LinkStateChange> _changes = Channel.CreateUnbounded<LinkStateChange>();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _readers = [];
    private readonly TimeProvider _time;
    private readonly Action<GpioLinkInput, Exception>? _onError;
    private int _started;

    public GpioLinkStateSource(IReadOnlyList<GpioLinkInput> inputs, IGpioDescriptors? descriptors = null, TimeProvider? time = null,
        Action<GpioLinkInput, Exception>? onError = null)
    {
        _time = time ?? TimeProvider.System;
        _onError = onError;
        try
        {
            foreach (var input in inputs)
            {
                var chip = new GpioChip(input.Chip, descriptors);
                try
                {
                    _lines.Add((input, chip, chip.RequestEdgeInput(input.Line, input.ActiveLow, input.Debounce, input.Bias, "edgemx-link")));
                }
                catch
                {
                    chip.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            DisposeLines();
            throw;
        }
    }

    public string Kind => "gpio";

    public IReadOnlyList<GpioLinkInput> Inputs => _lines.Select(l => l.Input).ToList();

    public async IAsyncEnumerable<LinkStateChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("watched once");
        foreach (var (input, _, line) in _lines)
            yield return new LinkStateChange(input.Interface, line.GetValues(1) != 0, _time.GetTimestamp(), "gpio " + input.Description);
        foreach (var entry in _lines)
        {
            var thread = new Thread(() => Read(entry.Input, entry.Line)) { IsBackground = true, Name = "gpio-link " + entry.Input.Interface };
            _readers.Add(thread);
            thread.Start();
        }
        await foreach (var change in _changes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return change;
    }

    private void Read(GpioLinkInput input, GpioLineRequest line)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var e in line.WaitForEvents(_stop.Token))
                    _changes.Writer.TryWrite(new LinkStateChange(input.Interface, e.Rising, _time.GetTimestamp(), "gpio " + input.Description));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            if (!_stop.IsCancellationRequested) _onError?.Invoke(input, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var thread in _readers) thread.Join(TimeSpan.FromSeconds(2));
        _changes.Writer.TryComplete();
        DisposeLines();
        _stop.Dispose();
    }

    private void DisposeLines()
    {
        foreach (var (_, chip, line) in _lines)
        {
            line.Dispose();
            chip.Dispose();
        }
    }
}
