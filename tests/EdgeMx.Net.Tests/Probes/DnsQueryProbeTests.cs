using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Dns;
using EdgeMx.Net.Probes;
using EdgeMx.Net.Sockets;
using EdgeMx.Net.Tests.Lab;
using Xunit.Abstractions;

namespace EdgeMx.Net.Tests.Probes;

public sealed class DnsQueryProbeTests(ITestOutputHelper output) : IDisposable
{
    private readonly NamespacePair _pair = new();
    private static readonly IPAddress Server = IPAddress.Parse(NamespacePair.ServerAddress);

    private UplinkBinding Binding => new(NamespacePair.ClientDevice, IPAddress.Parse(NamespacePair.ClientAddress)) { Namespace = _pair.Client.Namespace };

    private async Task<ProbeResult> Query(int port, string name, DnsRecordType type = DnsRecordType.A, int timeoutMs = 2000)
    {
        var probe = new DnsQueryProbe(Binding, new IPEndPoint(Server, port), name, type);
        using var cts = new CancellationTokenSource(timeoutMs);
        var result = await probe.ProbeAsync(cts.Token);
        output.WriteLine($"{name} {type} @{port}: {result}");
        return result;
    }

    [Fact]
    public async Task A_real_dnsmasq_answers_records_and_rcodes()
    {
        using var dnsmasq = ServerProcess.Dnsmasq(_pair.Server, NamespacePair.ServerAddress, 5353,
            "--address=/x.test/1.2.3.4 --address=/x.test/fd00::1234 --local=/y.test/");
        var a = await Query(5353, "x.test");
        Assert.True(a.Success, a.ToString());
        Assert.Equal(DnsResponseCode.NoError, a.ResponseCode);
        Assert.Contains("1.2.3.4", a.Detail);

        var upper = await Query(5353, "WWW.X.TEST");
        Assert.True(upper.Success, upper.ToString());

        var aaaa = await Query(5353, "x.test", DnsRecordType.AAAA);
        Assert.True(aaaa.Success, aaaa.ToString());
        Assert.Contains("fd00::1234", aaaa.Detail);

        var nx = await Query(5353, "nothing.y.test");
        Assert.Equal(ProbeFailure.DnsError, nx.Failure);
        Assert.Equal(DnsResponseCode.NameError, nx.ResponseCode);

        var refused = await Query(5353, "elsewhere.example");
        Assert.Equal(ProbeFailure.DnsError, refused.Failure);
        Assert.Equal(DnsResponseCode.Refused, refused.ResponseCode);
    }

    [Fact]
    public async Task No_server_on_the_port_is_refused()
    {
        var result = await Query(5399, "x.test");
        Assert.Equal(ProbeFailure.Refused, result.Failure);
    }

    [Fact]
    public async Task Silent_server_times_out()
    {
        using var silent = _pair.Server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        silent.Bind(new IPEndPoint(Server, 5355));
        var result = await Query(5355, "x.test", timeoutMs: 500);
        Assert.Equal(ProbeFailure.Timeout, result.Failure);
    }

    /// <summary>A fake responder that answers every query with <paramref name="mangle"/> applied.</summary>
    private Task Responder(Socket socket, Func<DnsMessage, byte[]> mangle) => Task.Run(async () =>
    {
        var buffer = new byte[512];
        var from = new IPEndPoint(IPAddress.Any, 0);
        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from);
        var query = DnsMessageReader.Read(buffer.AsSpan(0, received.ReceivedBytes));
        await socket.SendToAsync(mangle(query), SocketFlags.None, received.RemoteEndPoint);
    });

    private static DnsMessage Answer(DnsMessage query) => query with
    {
        IsResponse = true,
        RecursionAvailable = true,
        Answers = [DnsRecord.ForAddress(query.Questions[0].Name, IPAddress.Parse("1.2.3.4"))],
    };

    [Fact]
    public async Task An_answer_with_the_wrong_id_is_discarded_and_reported()
    {
        using var fake = _pair.Server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        fake.Bind(new IPEndPoint(Server, 5356));
        var responder = Responder(fake, q => DnsMessageWriter.ToArray(Answer(q) with { Id = (ushort)(q.Id + 1) }));
        var result = await Query(5356, "x.test", timeoutMs: 700);
        await responder;
        Assert.Equal(ProbeFailure.BadAnswer, result.Failure);
        Assert.Contains("does not match query id", result.Detail);
    }

    [Fact]
    public async Task An_answer_to_another_question_is_discarded()
    {
        using var fake = _pair.Server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        fake.Bind(new IPEndPoint(Server, 5357));
        var responder = Responder(fake, q => DnsMessageWriter.ToArray(Answer(q) with { Questions = [new DnsQuestion("other.test", DnsRecordType.A)] }));
        var result = await Query(5357, "x.test", timeoutMs: 700);
        await responder;
        Assert.Equal(ProbeFailure.BadAnswer, result.Failure);
        Assert.Contains("is not ours", result.Detail);
    }

    [Fact]
    public async Task A_malformed_answer_is_discarded_and_a_good_one_after_it_wins()
    {
        using var fake = _pair.Server.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        fake.Bind(new IPEndPoint(Server, 5358));
        var responder = Task.Run(async () =>
        {
            var buffer = new byte[512];
            var received = await fake.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
            var query = DnsMessageReader.Read(buffer.AsSpan(0, received.ReceivedBytes));
            var good = DnsMessageWriter.ToArray(Answer(query));
            await fake.SendToAsync(good[..^2], SocketFlags.None, received.RemoteEndPoint); // cut short
            await fake.SendToAsync(good, SocketFlags.None, received.RemoteEndPoint);
        });
        var result = await Query(5358, "x.test");
        await responder;
        Assert.True(result.Success, result.ToString());
    }

    public void Dispose() => _pair.Dispose();
}
