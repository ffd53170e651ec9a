using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EdgeMx.Net.Sockets;

namespace EdgeMx.Net.Probes;

/// <summary>
/// ICMP (or ICMPv6) echo from one uplink over a raw socket (needs root or CAP_NET_RAW). Success is an echo reply
/// from the target with our identifier, sequence and data; an ICMP destination-unreachable or time-exceeded about
/// our request is a failure at once (seed 000: "ICMP unreachable" means down), everything else is ignored until the
/// deadline.
/// </summary>
public sealed class IcmpEchoProbe : IConnectionProbe
{
    public const int DataSize = 56; // as ping(8) sends

    private readonly UplinkBinding _binding;
    private readonly IPAddress _target;
    private readonly TimeProvider _time;
    private readonly ushort _identifier = (ushort)RandomNumberGenerator.GetInt32(1, 0x10000);
    private int _sequence;

    public IcmpEchoProbe(UplinkBinding binding, IPAddress target, TimeProvider? time = null)
    {
        _binding = binding;
        _target = target;
        _time = time ?? TimeProvider.System;
        if (binding.Source is { } source && source.AddressFamily != target.AddressFamily)
            throw new ArgumentException($"source {source} and target {target} are of different families");
    }

    public string Description => $"icmp {_target} ({_binding})";

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var family = _target.AddressFamily;
        Socket socket;
        try
        {
            socket = BoundSocket.Create(_binding, family, SocketType.Raw, family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        }
        catch (SocketException e)
        {
            return ProbeResult.Failed(ProbeFailure.LocalError, $"cannot open a raw ICMP socket on {_binding}: {SocketFailures.Describe(e)}");
        }

        using (socket)
        {
            var sequence = (ushort)Interlocked.Increment(ref _sequence);
            var data = new byte[DataSize];
            RandomNumberGenerator.Fill(data);
            var request = new byte[IcmpEchoPacket.HeaderSize + DataSize];
            IcmpEchoPacket.BuildRequest(family, _identifier, sequence, data, request);
            var started = _time.GetTimestamp();
            var badReplies = 0;
            try
            {
                await socket.SendToAsync(request, SocketFlags.None, new IPEndPoint(_target, 0), cancellationToken).ConfigureAwait(false);
                var buffer = new byte[2048];
                var any = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                    var from = ((IPEndPoint)received.RemoteEndPoint).Address;
                    var verdict = IcmpEchoPacket.Inspect(family, buffer.AsSpan(0, received.ReceivedBytes), from, _target, _identifier, sequence, data, out var code);
                    var rtt = _time.GetElapsedTime(started);
                    switch (verdict)
                    {
                        case IcmpEchoPacket.Verdict.Reply:
                            return ProbeResult.Succeeded(rtt, $"echo reply from {_target} seq {sequence}");
                        case IcmpEchoPacket.Verdict.Unreachable:
                            return ProbeResult.Failed(ProbeFailure.Unreachable,
                                $"ICMP destination unreachable ({IcmpEchoPacket.DescribeUnreachable(family, code)}) from {from} for {_target}", rtt);
                        case IcmpEchoPacket.Verdict.TimeExceeded:
                            return ProbeResult.Failed(ProbeFailure.Unreachable, $"ICMP time exceeded from {from} for {_target} (routing loop?)", rtt);
                        case IcmpEchoPacket.Verdict.BadReply:
                            badReplies++;
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                var waited = _time.GetElapsedTime(started);
                return badReplies > 0
                    ? ProbeResult.Failed(ProbeFailure.BadAnswer, $"{badReplies} echo replies from {_target} had wrong data or checksum")
                    : ProbeResult.Failed(ProbeFailure.Timeout, $"no echo reply from {_target} within {waited.TotalMilliseconds:0} ms");
            }
            catch (SocketException e)
            {
                return ProbeResult.Failed(SocketFailures.Classify(e), $"echo request to {_target}: {SocketFailures.Describe(e)}");
            }
        }
    }
}
