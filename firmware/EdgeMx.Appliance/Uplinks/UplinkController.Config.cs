using System.Net;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Configuration.Model;
using EdgeMx.Core.Uplinks;

namespace EdgeMx.Appliance.Uplinks;

public sealed partial class UplinkController
{
    // A reload keeps what did not change: an uplink with the same interface, addressing and monitoring settings keeps
    // its monitor (and so its verdict and history), and traffic stays on the active uplink if it still exists.
    private async Task ReconfigureAsync(ApplianceConfig config, CancellationToken cancellationToken)
    {
        var old = _uplinks.ToDictionary(u => u.Name, StringComparer.Ordinal);
        var next = new List<UplinkRuntime>();
        for (var i = 0; i < config.Uplinks.Count; i++)
        {
            var c = config.Uplinks[i];
            var settings = MonitoringConfig.Resolve(config.Monitoring, c.Monitoring);
            if (old.Remove(c.Name, out var kept) && kept.SameAs(c, i, settings))
            {
                next.Add(kept);
                continue;
            }
            var fresh = new UplinkRuntime(c, i, settings, new UplinkMonitor(c.Name, settings, _time));
            if (kept?.AddedAddress is { } added && fresh.IsStatic && SameAddress(fresh.Config, added)) fresh.AddedAddress = added;
            else if (kept is not null) await ForgetAddressAsync(kept, cancellationToken).ConfigureAwait(false);
            next.Add(fresh);
            if (_links.TryGetValue(c.Interface, out var link)) await ApplyLinkAsync(fresh, link, cancellationToken).ConfigureAwait(false);
            else if (_linksKnown) await ApplyLinkAsync(fresh, Absent(c.Interface), cancellationToken).ConfigureAwait(false);
        }
        foreach (var gone in old.Values) await ForgetAddressAsync(gone, cancellationToken).ConfigureAwait(false);

        var selection = config.UplinkSelection;
        var primary = selection.Primary ?? config.Uplinks[0].Name;
        var previousActive = _selector?.Active;
        var selector = new UplinkSelector(config.Uplinks.Select(u => u.Name).ToList(), primary,
            TimeSpan.FromMilliseconds(selection.FailbackHoldMs), selection.FailoverOnDegraded, _time);
        if (previousActive is not null && next.Any(u => u.Name == previousActive)) selector.Adopt(previousActive);

        _uplinks = next;
        _selector = selector;
        _config = config;
        var generation = Interlocked.Increment(ref _generation);
        await DecideAsync(forceRouting: true, cancellationToken).ConfigureAwait(false);
        var previous = Interlocked.Exchange(ref _configuration,
            new ControllerConfiguration(generation, config, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        previous.Replaced.TrySetResult();
    }

    private static bool SameAddress(UplinkConfig config, (int Index, IPAddress Address, int PrefixLength) added) =>
        Ipv4Prefix.TryParse(config.Addressing.Address, out var p) && p.Address.Equals(added.Address) && p.Length == added.PrefixLength;

    private async Task ForgetAddressAsync(UplinkRuntime uplink, CancellationToken cancellationToken)
    {
        if (uplink.AddedAddress is not { } added) return;
        uplink.AddedAddress = null;
        try
        {
            await _router.RemoveAddressAsync(added.Index, added.Address, added.PrefixLength, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAddressRemoveFailed(_logger, uplink.Name, added.Address.ToString(), e);
        }
    }

    // The DNS servers an uplink's HTTP probes resolve host names with (through that uplink): its configured
    // dnsServers, else the servers of its DNS probes; empty leaves it to the OS's name servers (NetProbeRunner).
    internal static IReadOnlyList<IPAddress> ResolversOf(UplinkRuntime uplink)
    {
        IEnumerable<string?> written = uplink.Config.DnsServers is { Count: > 0 } configured
            ? configured
            : uplink.Settings.Probes.Where(p => p.Method == ProbeConfig.Dns).Select(p => p.Server);
        return written.Select(s => IPAddress.TryParse(s, out var ip) ? ip : null).OfType<IPAddress>().Distinct().ToList();
    }
}
