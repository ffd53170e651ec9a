using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Mqtt.Formatting;
using EdgeMx.Mqtt.Packets;

namespace EdgeMx.Mqtt.Tests.Broker;

/// <summary>
/// A misbehaving broker: accepts, reads CONNECT with our codec, then runs a scenario that writes whatever bytes it
/// likes. Records every connection and what the client sent after the handshake (e.g. its DISCONNECT reason).
/// </summary>
public sealed class FakeBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Stream, int, CancellationToken, Task> _scenario;
    private readonly MqttProtocolVersion _version;
    private readonly Task _accepting;
    private int _connections;

    public FakeBroker(MqttProtocolVersion version, Func<Stream, int, CancellationToken, Task> scenario)
    {
        _version = version;
        _scenario = scenario;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Connections => Volatile.Read(ref _connections);
    public ConcurrentQueue<MqttPacket> ReceivedAfterHandshake { get; } = new();

    public static byte[] ConnAck(MqttProtocolVersion version, MqttProperties? properties = null)
    {
        var adapter = new MqttPacketFormatterAdapter(version, 1 << 20);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        adapter.Write(new ConnAckPacket { Properties = properties ?? MqttProperties.Empty }, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            var index = Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client, index));
        }
    }

    private async Task ServeAsync(TcpClient client, int index)
    {
        using (client)
        {
            var stream = client.GetStream();
            var adapter = new MqttPacketFormatterAdapter(_version, 1 << 20);
            var buffer = new byte[64 * 1024];
            var filled = 0;
            try
            {
                // CONNECT first, decoded with our own codec.
                MqttPacket? connect = null;
                var consumed = 0;
                while (connect is null)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
                    if (n == 0) return;
                    filled += n;
                    adapter.TryRead(buffer.AsSpan(0, filled), out connect, out consumed);
                }
                Assert.IsType<ConnectPacket>(connect);
                var reading = RecordAsync(stream, adapter, buffer, consumed, filled);
                await _scenario(stream, index, _stop.Token);
                await reading;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Whatever the client sends after CONNECT, until it closes.</summary>
    private async Task RecordAsync(Stream stream, MqttPacketFormatterAdapter adapter, byte[] buffer, int start, int end)
    {
        try
        {
            while (true)
            {
                while (end > start && adapter.TryRead(buffer.AsSpan(start, end - start), out var packet, out var used))
                {
                    ReceivedAfterHandshake.Enqueue(packet);
                    start += used;
                }
                if (start == end) start = end = 0;
                var n = await stream.ReadAsync(buffer.AsMemory(end), _stop.Token);
                if (n == 0) return;
                end += n;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or MqttProtocolException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (OperationCanceledException) { }
    }
}
