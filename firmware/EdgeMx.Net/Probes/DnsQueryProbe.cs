using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EdgeMx.Net.Dns;
using EdgeMx.Net.Sockets;

namespace EdgeMx.Net.Probes;

/// <summary>
/// A DNS query (A or AAAA) over UDP from one uplink to one server. The socket is connected to the server, so only
/// its datagrams are read and an ICMP port unreachable shows as "refused". An answer must carry our random id and
/// echo our question exactly (RFC 5452 §9.1); anything else is discarded and counted, as a resolver would, and
/// reported as a bad answer if nothing valid arrives before the deadline. Success is RCODE NOERROR with at least one
/// record of the asked type; other RCODEs are reported.
/// </summary>
public sealed class DnsQueryProbe : IConnectionProbe
{
    private readonly UplinkBinding _binding;
    private readonly IPEndPoint _server;
    private readonly DnsQuestion _question;
    private readonly TimeProvider _time;

    public DnsQueryProbe(UplinkBinding binding, IPEndPoint server, string name, DnsRecordType type = DnsRecordType.A, TimeProvider? time = null)
    {
        if (type is not (DnsRecordType.A or DnsRecordType.AAAA)) throw new ArgumentException("the probe asks for A or AAAA records", nameof(type));
        DnsName.WireLength(name);
        if (binding.Source is { } source && source.AddressFamily != server.AddressFamily)
            throw new ArgumentException($"source {source} and server {server.Address} are of different families");
        _binding = binding;
        _server = server;
        _question = new DnsQuestion(DnsName.Normalise(name), type);
        _time = time ?? TimeProvider.System;
    }

    public string Description => $"dns {_question.Name} {_question.Type} @{_server} ({_binding})";

    /// <summary>The addresses of the last successful answer.</summary>
    public IReadOnlyList<IPAddress> LastAddresses { get; private set; } = [];

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = BoundSocket.Create(_binding, _server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed(ProbeFailure.LocalError, $"cannot open a UDP socket on {_binding}: {SocketFailures.Describe(e)}");
        }
        using (socket)
        {
            var id = (ushort)RandomNumberGenerator.GetInt32(0, 0x10000);
            var query = DnsMessageWriter.ToArray(DnsMessage.Query(id, _question.Name, _question.Type) with { Questions = [_question] });
            var started = _time.GetTimestamp();
            string? lastDiscard = null;
            var discarded = 0;
            try
            {
                await socket.ConnectAsync(_server, cancellationToken).ConfigureAwait(false);
                await socket.SendAsync(query, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                var buffer = new byte[4096];
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    var rtt = _time.GetElapsedTime(started);
                    DnsMessage answer;
                    try
                    {
                        answer = DnsMessageReader.Read(buffer.AsSpan(0, received));
                    }
                    catch (DnsFormatException e)
                    {
                        discarded++;
                        lastDiscard = $"malformed answer: {e.Message}";
                        continue;
                    }
                    if (Mismatch(answer, id) is { } reason)
                    {
                        discarded++;
                        lastDiscard = reason;
                        continue;
                    }
                    return Judge(answer, rtt);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                var waited = _time.GetElapsedTime(started).TotalMilliseconds;
                return discarded > 0
                    ? ProbeResult.Failed(ProbeFailure.BadAnswer, $"no valid answer from {_server} within {waited:0} ms; discarded {discarded}, last: {lastDiscard}")
                    : ProbeResult.Failed(ProbeFailure.Timeout, $"no answer from {_server} for {_question.Name} {_question.Type} within {waited:0} ms");
            }
            catch (SocketException e)
            {
                var failure = SocketFailures.Classify(e);
                var detail = failure == ProbeFailure.Refused ? $"{_server} refused the query (ICMP port unreachable: no DNS server there)" : $"query to {_server}: {SocketFailures.Describe(e)}";
                return ProbeResult.Failed(failure, detail);
            }
        }
    }

    private string? Mismatch(DnsMessage answer, ushort id)
    {
        if (answer.Id != id) return $"answer id 0x{answer.Id:x4} does not match query id 0x{id:x4}";
        if (!answer.IsResponse) return "datagram is a query, not a response";
        if (answer.Opcode != 0) return $"answer has opcode {answer.Opcode}";
        if (answer.Questions.Count != 1 || !answer.Questions[0].Matches(_question))
            return $"answer's question ({string.Join(", ", answer.Questions.Select(q => $"{q.Name} {q.Type}"))}) is not ours ({_question.Name} {_question.Type})";
        return null;
    }

    private ProbeResult Judge(DnsMessage answer, TimeSpan rtt)
    {
        if (answer.ResponseCode != DnsResponseCode.NoError)
            return ProbeResult.Failed(ProbeFailure.DnsError, $"{_server} answered {answer.ResponseCode} for {_question.Name} {_question.Type}", rtt)
                with { ResponseCode = answer.ResponseCode };
        if (answer.Truncated && answer.Answers.Count == 0)
            return ProbeResult.Failed(ProbeFailure.BadAnswer, $"{_server} sent a truncated answer without records", rtt) with { ResponseCode = answer.ResponseCode };
        var addresses = answer.Answers.Where(r => r.Type == _question.Type && r.Address is not null).Select(r => r.Address!).ToList();
        if (addresses.Count == 0)
            return ProbeResult.Failed(ProbeFailure.BadAnswer, $"{_server} answered NOERROR but with no {_question.Type} record for {_question.Name}", rtt)
                with { ResponseCode = answer.ResponseCode };
        LastAddresses = addresses;
        return ProbeResult.Succeeded(rtt, $"{_question.Name} {_question.Type} {string.Join(", ", addresses)} from {_server}") with { ResponseCode = answer.ResponseCode };
    }
}
