using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using EdgeMx.Net.Sockets;

namespace EdgeMx.Net.Probes;

/// <summary>
/// HTTP GET of a URL from one uplink: a fresh connection per probe, made by a <see cref="SocketsHttpHandler"/>
/// whose ConnectCallback binds the socket to the uplink's device and address. As seed 000 defines it, a response
/// with status 1xx/2xx/3xx means up; 4xx/5xx, a reset, an unreachable target or no response before the deadline
/// means down. Redirects are not followed: a 3xx is itself an answer. Only the response head is read.
/// </summary>
public sealed class HttpGetProbe : IConnectionProbe
{
    /// <summary>Resolves a host name to addresses (for example through the uplink's own DNS server).</summary>
    public delegate Task<IReadOnlyList<IPAddress>> Resolver(string host, CancellationToken cancellationToken);

    private static readonly ProductInfoHeaderValue UserAgent = new("EdgeMx-probe", "0.1");
    private readonly UplinkBinding _binding;
    private readonly Uri _url;
    private readonly Resolver _resolve;
    private readonly TimeProvider _time;

    public HttpGetProbe(UplinkBinding binding, Uri url, Resolver? resolve = null, TimeProvider? time = null)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{url}' is not an absolute http or https URL", nameof(url));
        _binding = binding;
        _url = url;
        _resolve = resolve ?? SystemResolve;
        _time = time ?? TimeProvider.System;
    }

    public string Description => $"http {_url} ({_binding})";

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = IPAddress.TryParse(_url.IdnHost, out var literal) ? [literal] : await _resolve(_url.IdnHost, cancellationToken).ConfigureAwait(false);
            if (_binding.Source is { } source) addresses = addresses.Where(a => a.AddressFamily == source.AddressFamily).ToList();
            if (addresses.Count == 0)
                return ProbeResult.Failed(ProbeFailure.LocalError, $"{_url.IdnHost} has no address usable from {_binding}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(ProbeFailure.Timeout, $"resolving {_url.IdnHost} did not finish in time");
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            return ProbeResult.Failed(ProbeFailure.LocalError, $"cannot resolve {_url.IdnHost}: {e.Message}");
        }

        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = (context, token) => ConnectAsync(addresses, context.DnsEndPoint.Port, token),
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, _url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower };
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.ConnectionClose = true;
        started = _time.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var rtt = _time.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            var detail = $"HTTP {status} {response.ReasonPhrase} from {_url}";
            return status < 400
                ? ProbeResult.Succeeded(rtt, detail) with { StatusCode = status }
                : ProbeResult.Failed(ProbeFailure.BadStatus, detail, rtt) with { StatusCode = status };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(ProbeFailure.Timeout, $"no HTTP response from {_url} within {_time.GetElapsedTime(started).TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return Classify(e);
        }
    }

    private async ValueTask<Stream> ConnectAsync(IReadOnlyList<IPAddress> addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = BoundSocket.Create(_binding, address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.NoDelay = true;
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    private ProbeResult Classify(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
                return ProbeResult.Failed(SocketFailures.Classify(socket), $"GET {_url}: {SocketFailures.Describe(socket)}");
        }
        return e.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => ProbeResult.Failed(ProbeFailure.Reset, $"GET {_url}: the server closed the connection without a response"),
            HttpRequestError.InvalidResponse => ProbeResult.Failed(ProbeFailure.ProtocolError, $"GET {_url}: malformed HTTP response ({e.Message})"),
            HttpRequestError.SecureConnectionError => ProbeResult.Failed(ProbeFailure.ProtocolError, $"GET {_url}: TLS failed ({e.InnerException?.Message ?? e.Message})"),
            _ => ProbeResult.Failed(ProbeFailure.ProtocolError, $"GET {_url}: {e.Message}"),
        };
    }

    private static async Task<IReadOnlyList<IPAddress>> SystemResolve(string host, CancellationToken cancellationToken) =>
        await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
}
