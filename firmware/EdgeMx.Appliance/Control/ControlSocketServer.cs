using System.Net.Sockets;
using System.Text.Json;
using EdgeMx.Core.IO;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Appliance.Control;

/// <summary>
/// The control socket: a Unix stream socket (0600, in a 0700 directory, so only root reaches it) speaking one JSON
/// request per line and one JSON response per line (<see cref="ControlRequest"/>, <see cref="ControlResponse"/>).
/// Bounded: at most <see cref="MaxClients"/> connections, <see cref="LineChannel.MaxLineBytes"/> per request, an idle
/// connection is closed after <see cref="IdleTimeout"/>. A client can only ever get an error answer; it cannot stop
/// the appliance.
/// </summary>
public sealed partial class ControlSocketServer(string path, ControlRequestHandler handler, ILogger<ControlSocketServer> logger) : BackgroundService
{
    public const int MaxClients = 32;

    /// <summary>Connections the kernel queues before we accept them; beyond it a connect fails with EAGAIN at once.</summary>
    private const int ListenBacklog = 128;
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    private readonly List<Task> _clients = [];
    private Socket? _listener;
    private int _connected;

    public string Path { get; } = path;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener = Bind(Path);
        LogListening(logger, Path);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false); // cancels the accept loop first
        _listener?.Dispose();
        Task[] clients;
        lock (_clients) clients = [.. _clients];
        await Task.WhenAll(clients).WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                LogAcceptFailed(logger, e);
                continue;
            }
            var task = Task.Run(() => ServeAsync(client, stoppingToken), CancellationToken.None);
            lock (_clients)
            {
                _clients.RemoveAll(t => t.IsCompleted);
                _clients.Add(task);
            }
        }
    }

    /// <summary>Creates the listening socket; refuses to steal the socket of another running appliance.</summary>
    internal static Socket Bind(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path) ?? "/";
        RootOnlyFiles.RestrictDirectory(directory);
        if (File.Exists(path))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new InvalidOperationException($"another EdgeMx is already running with the control socket {path}");
            }
            catch (SocketException)
            {
                File.Delete(path); // left behind by a crash: nobody listens on it
            }
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            RootOnlyFiles.RestrictFile(path);
            listener.Listen(ListenBacklog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stoppingToken)
    {
        var channel = new LineChannel(new NetworkStream(socket, ownsSocket: true));
        await using var disposeChannel = channel.ConfigureAwait(false);
        Task Send(ControlResponse response) =>
            channel.WriteLineAsync(JsonSerializer.SerializeToUtf8Bytes(response, ControlJsonContext.Default.ControlResponse), stoppingToken);
        try
        {
            if (Interlocked.Increment(ref _connected) > MaxClients)
            {
                await Send(ControlResponse.Failure($"too many control connections (at most {MaxClients}); try again")).ConfigureAwait(false);
                return;
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                string? line;
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    idle.CancelAfter(IdleTimeout);
                    line = await channel.ReadLineAsync(idle.Token).ConfigureAwait(false);
                }
                if (line is null) return;
                if (string.IsNullOrWhiteSpace(line)) continue;

                var request = ControlRequestHandler.Parse(line, out _);
                if (request is { Type: ControlRequest.Status, Watch: true } or { Type: ControlRequest.Events, Follow: true })
                {
                    // A stream ends when the client hangs up (or sends anything): watch the read side meanwhile.
                    using var stream = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var hangup = channel.ReadLineAsync(stream.Token).ContinueWith(_ => stream.Cancel(), TaskScheduler.Default);
                    await handler.HandleAsync(line, Send, stream.Token).ConfigureAwait(false);
                    await stream.CancelAsync().ConfigureAwait(false);
                    await hangup.ConfigureAwait(false);
                    return;
                }
                await handler.HandleAsync(line, Send, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (LineTooLongException e)
        {
            await TrySend(Send, ControlResponse.Failure($"request too long: {e.Message}; closing the connection")).ConfigureAwait(false);
            await LingerAsync(socket).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // idle timeout or shutdown
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // the client went away mid-answer
        }
        catch (Exception e)
        {
            LogClientFailed(logger, e);
            await TrySend(Send, ControlResponse.Failure($"internal error: {e.Message}")).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _connected);
        }
    }

    // Closing a Unix socket with unread input makes the kernel reset the peer, which can then lose our error answer.
    // So: stop sending, and read and discard what the client still sends, for a bounded time and amount.
    private static async Task LingerAsync(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var sink = new byte[16 * 1024];
            for (var total = 0; total < 4 * 1024 * 1024;)
            {
                var n = await socket.ReceiveAsync(sink, SocketFlags.None, limit.Token).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private static async Task TrySend(Func<ControlResponse, Task> send, ControlResponse response)
    {
        try
        {
            await send(response).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "control socket listening on {Path}")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "control socket: accept failed")]
    private static partial void LogAcceptFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "control socket: serving a client failed")]
    private static partial void LogClientFailed(ILogger logger, Exception error);
}
