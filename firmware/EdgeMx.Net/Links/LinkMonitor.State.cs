using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Links;

public sealed partial class LinkMonitor
{
    private async Task SynchroniseAsync(bool initial, CancellationToken cancellationToken)
    {
        var writer = new NetlinkMessageWriter();
        LinkMessages.WriteLinkRequest(writer, NetlinkMessageType.GetLink, NetlinkFlags.None, 0, end: true);
        var links = await _requests.DumpAsync(writer, "RTM_GETLINK (dump links)", LinkMessages.ReadLink, cancellationToken).ConfigureAwait(false);
        writer.Reset();
        writer.Begin(NetlinkMessageType.GetAddress, NetlinkFlags.None);
        new IfAddrMessage(LinkMessages.AfUnspec, 0, 0, 0, 0).Write(writer.Reserve(IfAddrMessage.Size));
        writer.End();
        var addresses = await _requests.DumpAsync(writer, "RTM_GETADDR (dump addresses)", LinkMessages.ReadAddress, cancellationToken).ConfigureAwait(false);
        var timestamp = _time.GetTimestamp();

        lock (_links)
        {
            var before = new HashSet<int>(_links.Keys);
            _addresses.Clear();
            foreach (var address in addresses)
            {
                if (!_addresses.TryGetValue(address.InterfaceIndex, out var list)) _addresses[address.InterfaceIndex] = list = [];
                list.Add(address);
            }
            foreach (var link in links)
            {
                before.Remove(link.Index);
                var known = _links.ContainsKey(link.Index);
                _links[link.Index] = link;
                var kind = initial ? LinkEventKind.Present : known ? LinkEventKind.Changed : LinkEventKind.Added;
                Publish(kind, link, timestamp, onlyIfDifferent: !initial);
            }
            foreach (var gone in before)
            {
                var link = _links[gone];
                _links.Remove(gone);
                _addresses.Remove(gone);
                Publish(LinkEventKind.Removed, link, timestamp, onlyIfDifferent: false);
            }
        }
    }

    private void Apply(int received, long timestamp)
    {
        var reader = new NetlinkMessageReader(_buffer.AsSpan(0, received));
        lock (_links)
        {
            while (reader.TryRead(out var message))
            {
                switch (message.Type)
                {
                    case NetlinkMessageType.NewLink when LinkMessages.ReadLink(message) is { } link:
                    {
                        var known = _links.ContainsKey(link.Index);
                        _links[link.Index] = link;
                        Publish(known ? LinkEventKind.Changed : LinkEventKind.Added, link, timestamp, onlyIfDifferent: true);
                        break;
                    }
                    case NetlinkMessageType.DeleteLink when LinkMessages.ReadLink(message) is { } link:
                        _links.Remove(link.Index);
                        _addresses.Remove(link.Index);
                        Publish(LinkEventKind.Removed, link, timestamp, onlyIfDifferent: false);
                        break;
                    case NetlinkMessageType.NewAddress when LinkMessages.ReadAddress(message) is { } address:
                    {
                        if (!_addresses.TryGetValue(address.InterfaceIndex, out var list)) _addresses[address.InterfaceIndex] = list = [];
                        var at = list.FindIndex(a => SameAddress(a, address));
                        if (at >= 0) list[at] = address; else list.Add(address);
                        if (_links.TryGetValue(address.InterfaceIndex, out var owner))
                            Publish(LinkEventKind.Changed, owner, timestamp, onlyIfDifferent: true);
                        break;
                    }
                    case NetlinkMessageType.DeleteAddress when LinkMessages.ReadAddress(message) is { } address:
                    {
                        if (_addresses.TryGetValue(address.InterfaceIndex, out var list)) list.RemoveAll(a => SameAddress(a, address));
                        if (_links.TryGetValue(address.InterfaceIndex, out var owner))
                            Publish(LinkEventKind.Changed, owner, timestamp, onlyIfDifferent: true);
                        break;
                    }
                }
            }
        }
    }

    private static bool SameAddress(InterfaceAddress a, InterfaceAddress b) =>
        a.InterfaceIndex == b.InterfaceIndex && a.PrefixLength == b.PrefixLength && a.Address.Equals(b.Address);

    // Called under the _links lock.
    private void Publish(LinkEventKind kind, LinkInfo link, long timestamp, bool onlyIfDifferent)
    {
        IReadOnlyList<InterfaceAddress> addresses = _addresses.TryGetValue(link.Index, out var list) ? list.ToArray() : [];
        var current = _current;
        if (onlyIfDifferent && current.TryGetValue(link.Index, out var previous)
            && previous.Link == link && previous.Addresses.SequenceEqual(addresses))
            return;
        var linkEvent = LinkEvent.From(kind, link, addresses, timestamp);
        Volatile.Write(ref _current, kind == LinkEventKind.Removed ? current.Remove(link.Index) : current.SetItem(link.Index, linkEvent));
        _channel.Writer.TryWrite(linkEvent);
        LogLinkEvent(_logger, linkEvent.ToString());
    }
}
