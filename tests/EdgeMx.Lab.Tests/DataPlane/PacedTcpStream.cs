using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace EdgeMx.Lab.Tests.DataPlane;

/// <summary>
/// One TCP connection between two lab nodes (through the tunnel when they are the LAN client and a hub's private
/// host) carrying random data at a steady rate until it is told to stop, so it spans whatever the test waits for
/// (rekeys) however fast or slow the machine is. Both ends are sockets of the test process made in the nodes'
/// namespaces; each end hashes what it sent or received.
/// </summary>
internal sealed class PacedTcpStream : IAsyncDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly Socket _client;
    private readonly Socket _server;
    private readonly Task<string> _sending;
    private readonly Task<string> _receiving;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile bool _stop;
    private long _sent;
    private long _received;

    private PacedTcpStream(string direction, Socket client, Socket server, int bytesPerSecond)
    {
        Direction = direction;
        _client = client;
        _server = server;
        _sending = Task.Factory.StartNew(() => Send(bytesPerSecond), TaskCreationOptions.LongRunning);
        _receiving = Task.Factory.StartNew(Receive, TaskCreationOptions.LongRunning);
    }

    public string Direction { get; }

    /// <summary>How long the stream has been running.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public long BytesSent => Interlocked.Read(ref _sent);

    public long BytesReceived => Interlocked.Read(ref _received);

    /// <summary>True when either end failed (reset, timeout): the connection did not survive.</summary>
    public bool Faulted => _sending.IsFaulted || _receiving.IsFaulted;

    public sealed record Result(string Direction, long Sent, string SentSha256, long Received, string ReceivedSha256)
    {
        public override string ToString() => $"{Direction}: sent {Sent} bytes ({SentSha256[..12]}), received {Received} ({ReceivedSha256[..12]})";
    }

    /// <summary>Connects <paramref name="from"/> to a listener in <paramref name="to"/> at <paramref name="toAddress"/>:<paramref name="port"/>.</summary>
    public static async Task<PacedTcpStream> StartAsync(Lab lab, string from, string to, string toAddress, int port, int bytesPerSecond)
    {
        using var listener = NamespaceSockets.Open(lab, to, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Any, port));
        listener.Listen(1);
        var client = NamespaceSockets.Open(lab, from, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var accepting = listener.AcceptAsync(deadline.Token).AsTask();
            await client.ConnectAsync(new IPEndPoint(IPAddress.Parse(toAddress), port), deadline.Token);
            var server = await accepting;
            // A stalled tunnel must fail the test, not hang it: neither end waits longer than this for the other.
            client.SendTimeout = server.ReceiveTimeout = 30_000;
            return new PacedTcpStream($"{from} → {to}", client, server, bytesPerSecond);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Stops sending, closes the sender's side and waits for the receiver to read everything up to the end.</summary>
    public async Task<Result> StopAsync(TimeSpan deadline)
    {
        _stop = true;
        var both = Task.WhenAll(_sending, _receiving);
        if (await Task.WhenAny(both, Task.Delay(deadline)) != both)
            throw new TimeoutException($"{Direction}: the transfer did not finish within {deadline.TotalSeconds:0} s after it was stopped " +
                $"(sent {BytesSent}, received {BytesReceived})");
        return new Result(Direction, BytesSent, await _sending, BytesReceived, await _receiving);
    }

    private string Send(int bytesPerSecond)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[ChunkSize];
        var clock = Stopwatch.StartNew();
        long paced = 0; // what the rate allows since the clock started
        while (!_stop)
        {
            var allowed = (long)(clock.Elapsed.TotalSeconds * bytesPerSecond);
            if (allowed - paced > bytesPerSecond) paced = allowed - bytesPerSecond; // after a stall, at most 1 s of catching up
            if (paced + ChunkSize > allowed)
            {
                Thread.Sleep(5);
                continue;
            }
            RandomNumberGenerator.Fill(chunk);
            hash.AppendData(chunk);
            _client.Send(chunk);
            paced += ChunkSize;
            Interlocked.Add(ref _sent, ChunkSize);
        }
        _client.Shutdown(SocketShutdown.Send);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private string Receive()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        int length;
        while ((length = _server.Receive(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, length);
            Interlocked.Add(ref _received, length);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async ValueTask DisposeAsync()
    {
        _stop = true;
        _client.Dispose();
        _server.Dispose();
        try
        {
            await Task.WhenAll(_sending, _receiving);
        }
        catch (Exception)
        {
            // Already reported by StopAsync, or the test failed elsewhere and only cleans up.
        }
    }
}
