using System.Net;
using EdgeMx.Appliance.Uplinks;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Uplinks;
using EdgeMx.Net.Dns;
using EdgeMx.Net.Probes;
using EdgeMx.Net.Sockets;

namespace EdgeMx.Appliance.Platform;

/// <summary>
/// <see cref="IProbeRunner"/> over EdgeMx.Net's probes: every probe's socket is bound to the uplink's device and
/// sourced from its address, so it leaves through that uplink whatever the default route says. HTTP host names are
/// resolved through the same uplink, with the uplink's DNS probe server.
/// </summary>
public sealed class NetProbeRunner(TimeProvider time) : IProbeRunner
{
    private const int MaxFailureText = 160;

    public async Task<ProbeOutcome> RunAsync(ProbeConfig probe, int probeIndex, ProbeBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var bound = new UplinkBinding(binding.Interface, binding.Source);
        IConnectionProbe connectionProbe;
        try
        {
            connectionProbe = probe.Method switch
            {
                ProbeConfig.Icmp => new IcmpEchoProbe(bound, IPAddress.Parse(probe.Target!), time),
                ProbeConfig.Http => new HttpGetProbe(bound, new Uri(probe.Url!), ResolverFor(bound, binding.Resolver), time),
                ProbeConfig.Dns => new DnsQueryProbe(bound, new IPEndPoint(IPAddress.Parse(probe.Server!), 53), probe.Name!,
                    probe.Type == "AAAA" ? DnsRecordType.AAAA : DnsRecordType.A, time),
                _ => throw new ArgumentException($"unknown probe method {probe.Method}"),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            return ProbeOutcome.Failed(probeIndex, $"cannot probe: {e.Message}");
        }

        var result = await connectionProbe.ProbeAsync(cancellationToken).ConfigureAwait(false);
        return result.Success
            ? ProbeOutcome.Passed(probeIndex, result.Rtt ?? TimeSpan.Zero)
            : ProbeOutcome.Failed(probeIndex, Describe(result));
    }

    // Short words for the common failures (they go into events and the status table), the probe's own text otherwise.
    private static string Describe(ProbeResult r)
    {
        var text = r.Failure switch
        {
            ProbeFailure.Timeout => "timeout",
            ProbeFailure.BadStatus when r.StatusCode is { } code => $"http {code}",
            ProbeFailure.DnsError when r.ResponseCode is { } rcode => $"dns {rcode.ToString().ToUpperInvariant()}",
            ProbeFailure.Refused => "refused",
            _ => string.IsNullOrEmpty(r.Detail) ? r.Failure.ToString().ToLowerInvariant() : r.Detail,
        };
        return text.Length > MaxFailureText ? text[..(MaxFailureText - 1)] + "…" : text;
    }

    private HttpGetProbe.Resolver? ResolverFor(UplinkBinding bound, IPAddress? server)
    {
        if (server is null) return null; // then HttpGetProbe falls back to the system resolver
        return async (host, cancellationToken) =>
        {
            var query = new DnsQueryProbe(bound, new IPEndPoint(server, 53), host, DnsRecordType.A, time);
            var answer = await query.ProbeAsync(cancellationToken).ConfigureAwait(false);
            if (!answer.Success) throw new InvalidOperationException($"{host} did not resolve through {bound} with {server}: {answer.Detail}");
            return query.LastAddresses;
        };
    }
}
