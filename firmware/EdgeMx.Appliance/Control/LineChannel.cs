using System.Buffers;
using System.Text;

namespace EdgeMx.Appliance.Control;

/// <summary>
/// Newline-delimited messages over a stream, with a hard bound on line length: a client that sends more than
/// <see cref="MaxLineBytes"/> without a newline gets an error instead of making the appliance buffer without end.
/// </summary>
public sealed class LineChannel(Stream stream) : IAsyncDisposable
{
    public const int MaxLineBytes = 64 * 1024;

    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(MaxLineBytes + 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _start;
    private int _end;

    /// <summary>The next line without its newline; null at end of stream. Throws <see cref="LineTooLongException"/>.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }
            if (_end - _start >= MaxLineBytes) throw new LineTooLongException();
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var read = await stream.ReadAsync(_buffer.AsMemory(_end, MaxLineBytes + 1 - _end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end == _start) return null;
                var last = Encoding.UTF8.GetString(_buffer, _start, _end - _start).TrimEnd('\r');
                _start = _end;
                return last; // a final line without newline still counts
            }
            _end += read;
        }
    }

    public async Task WriteLineAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(utf8, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _writeGate.Dispose();
        await stream.DisposeAsync().ConfigureAwait(false);
    }
}

public sealed class LineTooLongException() : IOException($"line longer than {LineChannel.MaxLineBytes} bytes");
