using System.Net;
using EdgeMx.Net.Dns;
using EdgeMx.Net.Sockets;

namespace EdgeMx.Net.Probes;

/// <summary>
/// Resolves a host name through one uplink: a <see cref="DnsQueryProbe"/> (socket bound to the uplink's device and
/// sourced from its address) to each server in turn until one gives addresses, so a probe of http://name/ measures
/// that uplink only — the system resolver would follow the main table's default route, i.e. the active uplink. The
/// record type follows the source address's family; servers of the other family are skipped. Each server gets an
/// equal share of the time budget, so a dead first server still leaves time for the next.
/// </summary>
public sealed class UplinkResolver
{
    private readonly UplinkBinding _binding;
    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;

    public UplinkResolver(UplinkBinding binding, IReadOnlyList<IPEndPoint> servers, TimeSpan budget, TimeProvider? time = null)
    {
        if (budget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(budget), budget, "the time budget must be positive");
        _binding = binding;
        _servers = binding.Source is { } source ? servers.Where(s => s.AddressFamily == source.AddressFamily).ToList() : servers;
        _budget = budget;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The servers asked, in order (after dropping those of the wrong family).</summary>
    public IReadOnlyList<IPEndPoint> Servers => _servers;

    /// <summary>
    /// The host's addresses from the first server that has them. Throws <see cref="InvalidOperationException"/>
    /// naming every server's failure when none does, and <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> ends first.
    /// </summary>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (_servers.Count == 0)
            throw new InvalidOperationException($"no DNS server to resolve {host} through {_binding} (configure the uplink's dnsServers)");
        try
        {
            DnsName.WireLength(host);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"cannot ask DNS for {host}: {e.Message}", e);
        }
        var type = _binding.Source?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsRecordType.AAAA : DnsRecordType.A;
        var share = _budget / _servers.Count;
        var failures = new List<string>(_servers.Count);
        foreach (var server in _servers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = new DnsQueryProbe(_binding, server, host, type, _time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(share);
            var answer = await query.ProbeAsync(attempt.Token).ConfigureAwait(false);
            if (answer.Success) return query.LastAddresses;
            cancellationToken.ThrowIfCancellationRequested();
            failures.Add(answer.Detail);
        }
        throw new InvalidOperationException($"{host} did not resolve through {_binding}: {string.Join("; ", failures)}");
    }
}
