using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using EdgeMx.Appliance.Control;

namespace EdgeMx.Appliance.Cli;

/// <summary>The CLI's side of the control socket: one request line out, response lines in.</summary>
public sealed class ControlClient : IAsyncDisposable
{
    public const string DefaultSocket = "/run/edgemx/control.sock";

    private readonly LineChannel _channel;

    private ControlClient(LineChannel channel) => _channel = channel;

    /// <summary>The socket the CLI talks to: --socket, else $EDGEMX_SOCKET, else the default path.</summary>
    public static string ResolvePath(string? option) =>
        option ?? (Environment.GetEnvironmentVariable("EDGEMX_SOCKET") is { Length: > 0 } env ? env : DefaultSocket);

    private const int BusyRetries = 40;
    private static readonly TimeSpan BusyRetryDelay = TimeSpan.FromMilliseconds(50);

    public static async Task<ControlClient> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            // A full listen queue (a burst of clients) refuses a Unix-socket connect with EAGAIN at once: wait and
            // try again for a while rather than report a running appliance as unreachable.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain && attempt < BusyRetries)
                {
                    await Task.Delay(BusyRetryDelay, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ControlUnavailableException(e.SocketErrorCode switch
            {
                SocketError.WouldBlock or SocketError.TryAgain =>
                    $"the appliance on {path} is busy (its queue of new control connections stayed full for {BusyRetries * BusyRetryDelay.TotalSeconds:0.#} s); try again",
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused when !File.Exists(path) =>
                    $"no appliance is running here (no control socket at {path}); start one with `edgemx run --config FILE`",
                SocketError.ConnectionRefused => $"nothing listens on {path} (a stale socket: the appliance is not running)",
                SocketError.AccessDenied => $"permission denied on {path}: the control socket is root-only, run this as root",
                _ when !File.Exists(path) => $"no appliance is running here (no control socket at {path}); start one with `edgemx run --config FILE`",
                _ => $"cannot connect to {path}: {e.Message}",
            });
        }
        catch (UnauthorizedAccessException)
        {
            socket.Dispose();
            throw new ControlUnavailableException($"permission denied on {path}: the control socket is root-only, run this as root");
        }
        return new ControlClient(new LineChannel(new NetworkStream(socket, ownsSocket: true)));
    }

    public Task SendAsync(ControlRequest request, CancellationToken cancellationToken) =>
        _channel.WriteLineAsync(JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.ControlRequest), cancellationToken);

    /// <summary>Sends a raw line (tests use it to send malformed requests).</summary>
    public Task SendRawAsync(string line, CancellationToken cancellationToken) =>
        _channel.WriteLineAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken);

    /// <summary>The next response; null when the appliance closed the connection.</summary>
    public async Task<ControlResponse?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var line = await _channel.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line is null) return null;
        try
        {
            return JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlResponse)
                ?? throw new ControlUnavailableException("the appliance sent an empty answer");
        }
        catch (JsonException e)
        {
            throw new ControlUnavailableException($"the appliance sent an answer this CLI cannot read ({e.Message}); are the CLI and the appliance the same version?");
        }
    }

    /// <summary>One request, one response (status, validate, reload).</summary>
    public async Task<ControlResponse> RequestAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReceiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new ControlUnavailableException("the appliance closed the connection without answering");
    }

    /// <summary>Every response of a stream until the appliance ends it (or "end" arrives).</summary>
    public async IAsyncEnumerable<ControlResponse> StreamAsync(ControlRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await SendAsync(request, cancellationToken).ConfigureAwait(false);
        while (await ReceiveAsync(cancellationToken).ConfigureAwait(false) is { } response)
        {
            yield return response;
            if (response.Type is "end" or "error") yield break;
        }
    }

    public ValueTask DisposeAsync() => _channel.DisposeAsync();
}

public sealed class ControlUnavailableException(string message) : Exception(message);
