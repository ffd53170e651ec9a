using System.Net;
using System.Net.Sockets;
using EdgeMx.Core.Configuration;
using EdgeMx.Core.Events;
using EdgeMx.Core.Text;

namespace EdgeMx.Appliance.Uplinks;

public sealed partial class UplinkController
{
    private async Task OnLinkChangedAsync(LinkObservation observation, CancellationToken cancellationToken)
    {
        if (observation.IsEndOfSnapshot)
        {
            _linksKnown = true;
            foreach (var missing in _uplinks.Where(u => u.Link is null))
                await ApplyLinkAsync(missing, Absent(missing.Interface), cancellationToken).ConfigureAwait(false);
            await DecideAsync(forceRouting: true, cancellationToken).ConfigureAwait(false);
            return;
        }
        _links[observation.Name] = observation;
        var uplink = _uplinks.FirstOrDefault(u => u.Interface == observation.Name);
        if (uplink is null) return; // not a WAN port
        await ApplyLinkAsync(uplink, observation, cancellationToken).ConfigureAwait(false);
        await DecideAsync(forceRouting: true, cancellationToken).ConfigureAwait(false);
    }

    private static LinkObservation Absent(string name) => new(name, 0, Exists: false, Operational: false, "notpresent", []);

    private async Task ApplyLinkAsync(UplinkRuntime uplink, LinkObservation observation, CancellationToken cancellationToken)
    {
        var before = uplink.LinkStatus;
        uplink.Link = observation;
        var now = _time.GetUtcNow();
        var after = uplink.LinkStatus;
        if (after != before)
        {
            var lasted = uplink.LinkSince is { } since ? now - since : (TimeSpan?)null;
            uplink.LinkSince = now;
            if (before != Core.State.LinkStatus.Unknown || after != Core.State.LinkStatus.Up) ReportLink(uplink, before, after, lasted);
            if (after is Core.State.LinkStatus.Down or Core.State.LinkStatus.Absent) uplink.LinkDowns++;
        }

        await UpdateAddressingAsync(uplink, observation, cancellationToken).ConfigureAwait(false);

        if (uplink.Monitor.OnLink(observation is { Exists: true, Operational: true }) is { } transition)
            ReportMonitor(uplink, transition);
    }

    private async Task UpdateAddressingAsync(UplinkRuntime uplink, LinkObservation observation, CancellationToken cancellationToken)
    {
        if (!observation.Exists)
        {
            uplink.AddedAddress = null; // the interface (and every address on it) is gone
            if (!uplink.IsStatic) uplink.Address = null;
            return;
        }

        var addressing = uplink.Config.Addressing;
        if (uplink.IsStatic)
        {
            if (!Ipv4Prefix.TryParse(addressing.Address, out var p) || !Ipv4Prefix.TryParseAddress(addressing.Gateway, out var gw)) return;
            uplink.Address = (p.Address, p.Length);
            uplink.Gateway = gw;
            var present = observation.Addresses.Any(a => a.Address.Equals(p.Address) && a.PrefixLength == p.Length);
            if (present) return;
            // A new interface index (the port came back) means whatever we added earlier went with the old one.
            if (uplink.AddedAddress is { } added && added.Index != observation.Index) uplink.AddedAddress = null;
            try
            {
                if (await _router.EnsureAddressAsync(observation.Index, p.Address, p.Length, cancellationToken).ConfigureAwait(false))
                {
                    uplink.AddedAddress = (observation.Index, p.Address, p.Length);
                    _events.Append(new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.address.configured",
                        $"{Label(uplink)}: configured the static address {p} (it was not on the interface).")
                    {
                        Subject = uplink.Name,
                        Details = new Dictionary<string, string> { ["address"] = p.ToString(), ["interface"] = uplink.Interface },
                    });
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _events.Append(new EventDraft(EventSeverity.Error, EventCategory.Uplink, "uplink.address.failed",
                    $"{Label(uplink)}: could not configure the static address {p}: {e.Message}")
                {
                    Check = $"Check that {uplink.Interface} is the right port and that no other process manages its addresses (NetworkManager, dhcpcd); the appliance retries when the link changes.",
                    Subject = uplink.Name,
                });
            }
            return;
        }

        // "os": whatever the OS (a DHCP client, the lab) put on the interface.
        var current = observation.Addresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork);
        (IPAddress, int)? address = current.Address is null ? null : (current.Address, current.PrefixLength);
        var gateway = Ipv4Prefix.TryParseAddress(addressing.Gateway, out var configured) ? configured : null;
        if (gateway is null && address is not null)
        {
            try
            {
                gateway = await _router.FindOsGatewayAsync(observation.Index, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogGatewayLookupFailed(_logger, uplink.Name, e);
            }
        }
        if (!Equals(uplink.Address, address) || !Equals(uplink.Gateway, gateway))
        {
            var had = uplink.Address;
            uplink.Address = address;
            uplink.Gateway = gateway;
            if (address is { } a)
            {
                _events.Append(new EventDraft(EventSeverity.Info, EventCategory.Uplink, "uplink.address.learned",
                    $"{Label(uplink)}: using the address the OS assigned, {a.Item1}/{a.Item2}, gateway {gateway?.ToString() ?? "unknown"}.")
                {
                    Check = gateway is null
                        ? $"No gateway is known for {uplink.Name}: set addressing.gateway in the config, or check that the DHCP client on {uplink.Interface} received a router option."
                        : null,
                    Subject = uplink.Name,
                    Details = new Dictionary<string, string> { ["address"] = $"{a.Item1}/{a.Item2}", ["gateway"] = gateway?.ToString() ?? "" },
                });
            }
            else if (had is not null)
            {
                _events.Append(new EventDraft(EventSeverity.Warning, EventCategory.Uplink, "uplink.address.lost",
                    $"{Label(uplink)}: the OS removed its IPv4 address; the uplink cannot carry traffic until it has one again.")
                {
                    Check = $"Check the DHCP client on {uplink.Interface} (lease expired? server unreachable?).",
                    Subject = uplink.Name,
                });
            }
        }
    }

    private void ReportLink(UplinkRuntime uplink, Core.State.LinkStatus before, Core.State.LinkStatus after, TimeSpan? lasted)
    {
        var details = new Dictionary<string, string> { ["interface"] = uplink.Interface, ["operstate"] = uplink.Link?.OperState ?? "" };
        switch (after)
        {
            case Core.State.LinkStatus.Down:
                _events.Append(new EventDraft(EventSeverity.Warning, EventCategory.Uplink, "uplink.link.down",
                    $"{Label(uplink)}: carrier lost (operstate {uplink.Link?.OperState}); the uplink is failed at once.")
                {
                    Check = $"Check the cable on {uplink.Interface} and that the modem/ONT/router behind it is powered and its LAN port lit; `ip link show {uplink.Interface}` shows NO-CARRIER while it is out.",
                    Subject = uplink.Name,
                    Details = details,
                });
                break;
            case Core.State.LinkStatus.Up:
                _events.Append(new EventDraft(EventSeverity.Notice, EventCategory.Uplink, "uplink.link.up",
                    $"{Label(uplink)}: carrier restored{(lasted is { } l && before != Core.State.LinkStatus.Unknown ? $" after {Durations.Format(l)}" : "")}."
                    + (uplink.Settings.Probes.Length > 0 ? $" It is used again once {uplink.Settings.RecoveryThreshold} probe round(s) in a row pass." : ""))
                {
                    Subject = uplink.Name,
                    Details = details,
                });
                break;
            case Core.State.LinkStatus.Absent:
                _events.Append(new EventDraft(EventSeverity.Error, EventCategory.Uplink, "uplink.link.absent",
                    $"{Label(uplink)}: the interface {uplink.Interface} does not exist{(before == Core.State.LinkStatus.Unknown ? "" : " any more")}.")
                {
                    Check = $"Check that the port's adapter (USB Ethernet, LTE modem) is plugged in and recognised (`ip link`, `dmesg`), and that the config names the right interface.",
                    Subject = uplink.Name,
                    Details = details,
                });
                break;
        }
    }
}
