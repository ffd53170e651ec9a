using System.Buffers;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Transport;

/// <summary>
/// One network connection carrying MQTT packets: frames what arrives (never buffering more than the maximum packet
/// size, which the fixed header is checked against first) and serialises what is sent. Owns the stream.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    private const int InitialBufferSize = 8 * 1024;

    private readonly Stream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(InitialBufferSize);
    private byte[] _receiveBuffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private int _disposed;

    public MqttConnection(Stream stream, MqttPacketFormatterAdapter adapter)
    {
        _stream = stream;
        Adapter = adapter;
    }

    public MqttPacketFormatterAdapter Adapter { get; }

    /// <summary>Called after each packet is written / read (keep-alive bookkeeping).</summary>
    public Action? PacketSent { get; set; }
    public Action? PacketReceived { get; set; }

    public long BytesSent { get; private set; }
    public long BytesReceived { get; private set; }

    /// <summary>Current size of the receive buffer: stays bounded by the maximum incoming packet size.</summary>
    public int ReceiveBufferSize => _receiveBuffer.Length;

    public async ValueTask SendAsync(MqttPacket packet, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _sendBuffer.ResetWrittenCount();
            Adapter.Write(packet, _sendBuffer);
            await _stream.WriteAsync(_sendBuffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            BytesSent += _sendBuffer.WrittenCount;
        }
        finally
        {
            // A large packet must not pin a large buffer for the life of the connection.
            if (_sendBuffer.Capacity > 64 * 1024) _sendBuffer.Clear();
            _writeLock.Release();
        }
        PacketSent?.Invoke();
    }

    /// <summary>
    /// The next packet, or null when the broker closed the connection cleanly between packets. Throws
    /// <see cref="MqttProtocolException"/> for a malformed or oversized packet and <see cref="IOException"/> when
    /// the connection ends in the middle of one.
    /// </summary>
    public async ValueTask<MqttPacket?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end > _start)
            {
                var available = _receiveBuffer.AsSpan(_start, _end - _start);
                if (Adapter.TryRead(available, out var packet, out var consumed))
                {
                    _start += consumed;
                    if (_start == _end) ResetBuffer();
                    PacketReceived?.Invoke();
                    return packet;
                }
                // Incomplete: make room for the whole packet once its (already size-checked) header is known.
                var needed = MqttFrameReader.TryReadHeader(available, Adapter.MaximumIncomingPacketSize, out var header)
                    ? header.PacketLength
                    : VariableByteInteger.MaxSize + 1;
                EnsureRoom(needed);
            }
            else if (_end == _receiveBuffer.Length)
            {
                _start = _end = 0;
            }

            var read = await _stream.ReadAsync(_receiveBuffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_end > _start) throw new IOException($"connection closed in the middle of a packet ({_end - _start} bytes pending)");
                return null;
            }
            _end += read;
            BytesReceived += read;
        }
    }

    private void EnsureRoom(int packetLength)
    {
        var pending = _end - _start;
        if (_start + packetLength <= _receiveBuffer.Length) return;
        if (packetLength <= _receiveBuffer.Length)
        {
            _receiveBuffer.AsSpan(_start, pending).CopyTo(_receiveBuffer);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(packetLength, _receiveBuffer.Length * 2));
            _receiveBuffer.AsSpan(_start, pending).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_receiveBuffer);
            _receiveBuffer = bigger;
        }
        _start = 0;
        _end = pending;
    }

    private void ResetBuffer()
    {
        _start = _end = 0;
        if (_receiveBuffer.Length > 64 * 1024)
        {
            ArrayPool<byte>.Shared.Return(_receiveBuffer);
            _receiveBuffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
        // The receive buffer is left to the GC: a receive may still be unwinding on another thread.
    }
}
