using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Probes;
using EdgeMx.Net.Sockets;
using EdgeMx.Net.Tests.Lab;
using Xunit.Abstractions;

namespace EdgeMx.Net.Tests.Probes;

public sealed class HttpGetProbeTests(ITestOutputHelper output) : IDisposable
{
    private readonly NamespacePair _pair = new();

    private ServerProcess StartNginx() => ServerProcess.Nginx(_pair.Server, $$"""
        server {
            listen {{NamespacePair.ServerAddress}}:8080;
            location = /health { return 200 "ok\n"; }
            location = /busy { return 503; }
            location = /moved { return 302 /health; }
            location = /missing { return 404; }
        }
        """, new IPEndPoint(IPAddress.Parse(NamespacePair.ServerAddress), 8080));

    private UplinkBinding Binding => new(NamespacePair.ClientDevice, IPAddress.Parse(NamespacePair.ClientAddress)) { Namespace = _pair.Client.Namespace };

    private async Task<ProbeResult> Get(string path, int port = 8080, int timeoutMs = 3000)
    {
        var probe = new HttpGetProbe(Binding, new Uri($"http://{NamespacePair.ServerAddress}:{port}{path}"));
        using var cts = new CancellationTokenSource(timeoutMs);
        var result = await probe.ProbeAsync(cts.Token);
        output.WriteLine($"{path}: {result}");
        return result;
    }

    [Fact]
    public async Task Status_codes_from_a_real_nginx_decide_up_and_down()
    {
        using var nginx = StartNginx();
        var ok = await Get("/health");
        Assert.True(ok.Success, ok.ToString());
        Assert.Equal(200, ok.StatusCode);

        var moved = await Get("/moved");
        Assert.True(moved.Success);
        Assert.Equal(302, moved.StatusCode);

        var busy = await Get("/busy");
        Assert.False(busy.Success);
        Assert.Equal(ProbeFailure.BadStatus, busy.Failure);
        Assert.Equal(503, busy.StatusCode);
        Assert.Contains("HTTP 503", busy.Detail);

        Assert.Equal(404, (await Get("/missing")).StatusCode);
    }

    [Fact]
    public async Task A_listener_that_never_answers_times_out()
    {
        // Accepts connections (the kernel completes the handshake) and never says a word.
        using var listener = _pair.Server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse(NamespacePair.ServerAddress), 8081));
        listener.Listen(8);
        var result = await Get("/health", port: 8081, timeoutMs: 700);
        Assert.Equal(ProbeFailure.Timeout, result.Failure);
    }

    [Fact]
    public async Task A_closed_port_is_refused_and_a_dead_server_is_reset()
    {
        var refused = await Get("/health", port: 8082);
        Assert.Equal(ProbeFailure.Refused, refused.Failure);

        // Accept, then close with RST (linger 0) before answering.
        using var listener = _pair.Server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse(NamespacePair.ServerAddress), 8083));
        listener.Listen(8);
        var server = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            var buffer = new byte[1024];
            await connection.ReceiveAsync(buffer);
            connection.LingerState = new LingerOption(true, 0);
            connection.Close();
        });
        var reset = await Get("/health", port: 8083);
        await server;
        Assert.Contains(reset.Failure, new[] { ProbeFailure.Reset });
    }

    [Fact]
    public async Task Garbage_instead_of_http_is_a_protocol_error()
    {
        using var listener = _pair.Server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        listener.Bind(new IPEndPoint(IPAddress.Parse(NamespacePair.ServerAddress), 8084));
        listener.Listen(8);
        var server = Task.Run(async () =>
        {
            using var connection = await listener.AcceptAsync();
            await connection.ReceiveAsync(new byte[1024]);
            await connection.SendAsync("SSH-2.0-OpenSSH_9.2\r\n\r\n"u8.ToArray());
            connection.Shutdown(SocketShutdown.Both);
        });
        var result = await Get("/health", port: 8084);
        await server;
        Assert.Equal(ProbeFailure.ProtocolError, result.Failure);
    }

    [Fact]
    public async Task Host_names_go_through_the_given_resolver()
    {
        using var nginx = StartNginx();
        var asked = new List<string>();
        var probe = new HttpGetProbe(Binding, new Uri("http://health.test:8080/health"), (host, _) =>
        {
            asked.Add(host);
            return Task.FromResult<IReadOnlyList<IPAddress>>([IPAddress.Parse(NamespacePair.ServerAddress)]);
        });
        using var cts = new CancellationTokenSource(3000);
        var result = await probe.ProbeAsync(cts.Token);
        Assert.True(result.Success, result.ToString());
        Assert.Equal(["health.test"], asked);
    }

    public void Dispose() => _pair.Dispose();
}
