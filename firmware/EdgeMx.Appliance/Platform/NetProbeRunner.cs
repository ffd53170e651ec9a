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
/// resolved through the same uplink (<see cref="UplinkResolver"/>): with the uplink's DNS servers (configured, or
/// those of its DNS probes), else with the OS's name servers — never with the system resolver, which would follow
/// the main table's default route and so measure the active uplink instead of this one.
/// </summary>
public sealed class NetProbeRunner(TimeProvider time, Func<IReadOnlyList<IPAddress>>? osNameServers = null) : IProbeRunner
{
    private readonly Func<IReadOnlyList<IPAddress>> _osNameServers = osNameServers ?? (() => ResolvConf.Read());

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
                ProbeConfig.Http => new HttpGetProbe(bound, new Uri(probe.Url!), ResolverFor(bound, binding.Resolvers, timeout), time),
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

    private HttpGetProbe.Resolver ResolverFor(UplinkBinding bound, IReadOnlyList<IPAddress> configured, TimeSpan timeout) =>
        (host, cancellationToken) =>
        {
            // A loopback server (systemd-resolved's 127.0.0.53, a local dnsmasq) cannot be reached by a socket bound
            // to a WAN port; it would also answer by whichever uplink it likes.
            var servers = configured.Count > 0 ? configured : _osNameServers().Where(a => !IPAddress.IsLoopback(a)).ToList();
            // Three quarters of the probe's timeout: a resolution that fails is reported as such, not as a timeout.
            var resolver = new UplinkResolver(bound, [.. servers.Select(a => new IPEndPoint(a, 53))], timeout * 3 / 4, time);
            return resolver.ResolveAsync(host, cancellationToken);
        };
}
