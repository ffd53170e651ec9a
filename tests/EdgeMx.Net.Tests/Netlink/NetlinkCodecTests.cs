using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Links;
using EdgeMx.Net.Netlink;
using EdgeMx.Net.Routing;

namespace EdgeMx.Net.Tests.Netlink;

/// <summary>Reader/writer round trips and the rejection of every malformed length, without a kernel.</summary>
public class NetlinkCodecTests
{
    private static byte[] Message(ushort type, NetlinkFlags flags, Action<NetlinkMessageWriter> body)
    {
        var w = new NetlinkMessageWriter();
        w.Begin(type, flags);
        body(w);
        w.End();
        return w.WrittenSpan.ToArray();
    }

    private static T ReadSingle<T>(byte[] datagram, NetlinkReplyParser<T> parse) where T : class
    {
        var reader = new NetlinkMessageReader(datagram);
        Assert.True(reader.TryRead(out var message));
        var value = parse(message);
        Assert.False(reader.TryRead(out _));
        return value!;
    }

    [Fact]
    public void Header_and_attributes_are_written_aligned_with_lengths_filled_in()
    {
        var bytes = Message(NetlinkMessageType.NewLink, NetlinkFlags.None, w =>
        {
            new IfInfoMessage(0, 0, 7, 1, 1).Write(w.Reserve(IfInfoMessage.Size));
            w.AddString(LinkAttribute.Name, "wan1");      // 4 + 5 → padded to 12
            w.BeginNested(LinkAttribute.LinkInfo);
            w.AddString(LinkMessages.LinkInfoKind, "veth"); // 4 + 5 → 12
            w.EndNested();
            w.AddByte(LinkAttribute.Carrier, 1);          // 4 + 1 → 8
        });
        Assert.Equal(16 + 16 + 12 + 16 + 8, bytes.Length);
        var header = NetlinkMessageHeader.Read(bytes);
        Assert.Equal((uint)bytes.Length, header.Length);
        Assert.Equal(NetlinkFlags.Request, header.Flags);
        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(32))); // rta_len excludes padding
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(44))); // nest length covers its children
        Assert.Equal(LinkAttribute.LinkInfo | NetlinkAttribute.NestedFlag, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(46)));

        var link = ReadSingle(bytes, LinkMessages.ReadLink);
        Assert.Equal(7, link.Index);
        Assert.Equal("wan1", link.Name);
        Assert.Equal("veth", link.Kind);
        Assert.True(link.Carrier);
        Assert.True(link.IsUp);
    }

    [Fact]
    public void Routes_round_trip_ipv4_ipv6_and_tables_above_255()
    {
        var routes = new[]
        {
            new Route { Destination = IPNetwork.Parse("0.0.0.0/0"), Table = 1001, Gateway = IPAddress.Parse("198.51.100.1"), OutputInterface = 3,
                PreferredSource = IPAddress.Parse("198.51.100.2"), Metric = 10, Scope = RouteScope.Universe },
            new Route { Destination = IPNetwork.Parse("198.51.100.0/24"), Table = 101, OutputInterface = 3, Scope = RouteScope.Link, OnLink = true },
            new Route { Destination = IPNetwork.Parse("2001:db8::/32"), Gateway = IPAddress.Parse("fe80::1"), OutputInterface = 4, Metric = 1024, Scope = RouteScope.Universe },
            new Route { Destination = IPNetwork.Parse("192.0.2.0/24"), Type = RouteType.Blackhole, Scope = RouteScope.Universe, Protocol = RouteProtocol.Static },
        };
        foreach (var route in routes)
        {
            var w = new NetlinkMessageWriter();
            RouteMessages.Write(w, NetlinkMessageType.NewRoute, NetlinkFlags.Create, route);
            Assert.Equal(route, ReadSingle(w.WrittenSpan.ToArray(), RouteMessages.Read));
        }
    }

    [Fact]
    public void Rules_round_trip_with_every_selector()
    {
        var rules = new[]
        {
            new RoutingRule { Family = AddressFamily.InterNetwork, Priority = 1000, From = IPNetwork.Parse("198.51.100.2/32"), Table = 1001 },
            new RoutingRule { Family = AddressFamily.InterNetwork, Priority = 1001, To = IPNetwork.Parse("10.0.0.0/8"), InputInterface = "lan0",
                OutputInterface = "wan1", FwMark = 7, FwMask = 0xff, Table = 200, Invert = true },
            new RoutingRule { Family = AddressFamily.InterNetworkV6, Priority = 5, From = IPNetwork.Parse("2001:db8::/64"), Action = RuleAction.Prohibit },
        };
        foreach (var rule in rules)
        {
            var w = new NetlinkMessageWriter();
            RuleMessages.Write(w, NetlinkMessageType.NewRule, NetlinkFlags.Create, rule);
            Assert.Equal(rule, ReadSingle(w.WrittenSpan.ToArray(), RuleMessages.Read));
        }
    }

    [Fact]
    public void Addresses_round_trip()
    {
        var w = new NetlinkMessageWriter();
        LinkMessages.WriteAddressRequest(w, NetlinkMessageType.NewAddress, NetlinkFlags.Create, 3, IPAddress.Parse("10.0.2.2"), 24, 0);
        var v4 = ReadSingle(w.WrittenSpan.ToArray(), LinkMessages.ReadAddress);
        Assert.Equal(new InterfaceAddress(3, IPAddress.Parse("10.0.2.2"), 24), v4);
        LinkMessages.WriteAddressRequest(w, NetlinkMessageType.NewAddress, NetlinkFlags.Create, 4, IPAddress.Parse("2001:db8::2"), 64, InterfaceAddress.FlagNoDad);
        var v6 = ReadSingle(w.WrittenSpan.ToArray(), LinkMessages.ReadAddress);
        Assert.Equal(IPAddress.Parse("2001:db8::2"), v6.Address);
        Assert.Equal(InterfaceAddress.FlagNoDad, v6.Flags);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            LinkMessages.WriteAddressRequest(w, NetlinkMessageType.NewAddress, 0, 3, IPAddress.Parse("10.0.2.2"), 33, 0));
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "too short for a netlink header")]                      // 3 trailing bytes
    [InlineData(new byte[] { 8, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "below the header size")] // nlmsg_len 8
    [InlineData(new byte[] { 32, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "runs past")]            // nlmsg_len 32 > 16
    public void Malformed_message_headers_are_rejected_and_consume_nothing(byte[] datagram, string reason)
    {
        var reader = new NetlinkMessageReader(datagram);
        NetlinkFormatException? e = null;
        try { reader.TryRead(out _); }
        catch (NetlinkFormatException x) { e = x; }
        Assert.NotNull(e);
        Assert.Contains(reason, e.Message);
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void A_good_message_followed_by_a_bad_one_reads_the_first_then_throws_in_place()
    {
        var good = Message(NetlinkMessageType.Done, 0, w => w.Reserve(4));
        var datagram = good.Concat(new byte[] { 1, 2, 3, 4, 5 }).ToArray();
        var reader = new NetlinkMessageReader(datagram);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal(NetlinkMessageType.Done, first.Type);
        var position = reader.Position;
        try { reader.TryRead(out _); Assert.Fail("expected a format error"); }
        catch (NetlinkFormatException) { }
        Assert.Equal(position, reader.Position);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0 }, "too short for an attribute header")]            // 2 trailing bytes
    [InlineData(new byte[] { 3, 0, 1, 0 }, "below the header size")]                   // rta_len 3
    [InlineData(new byte[] { 12, 0, 1, 0, 0, 0, 0, 0 }, "runs past")]                  // rta_len 12 > 8
    [InlineData(new byte[] { 8, 0, 1, 0, 1, 2, 3, 4, 9 }, "too short for an attribute header")] // 1 trailing byte after a good one
    public void Malformed_attributes_are_rejected_and_consume_nothing(byte[] attributes, string reason)
    {
        var reader = new NetlinkAttributeReader(attributes);
        var start = 0;
        Exception? e = null;
        try
        {
            while (reader.TryRead(out _)) start = reader.Position;
        }
        catch (NetlinkFormatException x)
        {
            e = x;
        }
        Assert.NotNull(e);
        Assert.Contains(reason, e.Message);
        Assert.Equal(start, reader.Position);
    }

    [Fact]
    public void Typed_reads_insist_on_exact_lengths()
    {
        Assert.Throws<NetlinkFormatException>(() => new NetlinkAttribute(LinkAttribute.Mtu, new byte[3]).ReadUInt32());
        Assert.Throws<NetlinkFormatException>(() => new NetlinkAttribute(LinkAttribute.Mtu, new byte[5]).ReadUInt32());
        Assert.Throws<NetlinkFormatException>(() => new NetlinkAttribute(LinkAttribute.Carrier, new byte[2]).ReadByte());
        Assert.Throws<NetlinkFormatException>(() => new NetlinkAttribute(LinkAttribute.Name, "wan1"u8.ToArray()).ReadString());
        Assert.Throws<NetlinkFormatException>(() => new NetlinkAttribute(RouteAttribute.Gateway, new byte[16]).ReadAddress(AddressFamily.InterNetwork));
        Assert.Throws<NetlinkFormatException>(() => new NetlinkAttribute(RouteAttribute.Gateway, new byte[4]).ReadAddress(AddressFamily.InterNetworkV6));
        Assert.Equal("wan1", new NetlinkAttribute(LinkAttribute.Name, "wan1\0"u8.ToArray()).ReadString());
    }

    [Fact]
    public void Short_fixed_headers_and_bad_prefix_lengths_are_rejected()
    {
        var shortLink = Message(NetlinkMessageType.NewLink, 0, w => w.Reserve(8));
        Assert.Throws<NetlinkFormatException>(() => ReadSingle(shortLink, LinkMessages.ReadLink));
        var shortRoute = Message(NetlinkMessageType.NewRoute, 0, w => w.Reserve(8));
        Assert.Throws<NetlinkFormatException>(() => ReadSingle(shortRoute, RouteMessages.Read));
        var longPrefix = Message(NetlinkMessageType.NewRoute, 0, w => new RouteMessage(2, 33, 0, 0, 254, 4, 0, 1, 0).Write(w.Reserve(RouteMessage.Size)));
        Assert.Throws<NetlinkFormatException>(() => ReadSingle(longPrefix, RouteMessages.Read));
        var noName = Message(NetlinkMessageType.NewLink, 0, w => new IfInfoMessage(0, 0, 1, 0, 0).Write(w.Reserve(IfInfoMessage.Size)));
        Assert.Throws<NetlinkFormatException>(() => ReadSingle(noName, LinkMessages.ReadLink));
        var badNested = Message(NetlinkMessageType.NewLink, 0, w =>
        {
            new IfInfoMessage(0, 0, 1, 0, 0).Write(w.Reserve(IfInfoMessage.Size));
            w.AddString(LinkAttribute.Name, "x");
            w.AddBytes(LinkAttribute.LinkInfo, new byte[] { 9, 0, 1, 0, 0, 0, 0, 0 }); // inner rta_len 9 > 8
        });
        Assert.Throws<NetlinkFormatException>(() => ReadSingle(badNested, LinkMessages.ReadLink));
    }

    [Fact]
    public void Errors_and_extended_acks_are_decoded_and_bad_ones_rejected()
    {
        // NLMSG_ERROR, capped, with NLMSGERR_ATTR_MSG.
        var error = Message(NetlinkMessageType.Error, NetlinkFlags.Capped | NetlinkFlags.AckTlvs, w =>
        {
            var body = w.Reserve(NetlinkMessage.ErrorSize);
            BinaryPrimitives.WriteInt32LittleEndian(body, -17);
            new NetlinkMessageHeader(28, NetlinkMessageType.NewRoute, NetlinkFlags.Request, 5, 0).Write(body[4..]);
            w.AddString(NetlinkMessage.ExtAckMessage, "Route exists");
        });
        var reader = new NetlinkMessageReader(error);
        Assert.True(reader.TryRead(out var message));
        Assert.Equal(-17, message.ReadError(out var text));
        Assert.Equal("Route exists", text);

        var truncated = Message(NetlinkMessageType.Error, 0, w => w.Reserve(8));
        reader = new NetlinkMessageReader(truncated);
        Assert.True(reader.TryRead(out message));
        try { message.ReadError(out _); Assert.Fail("expected a format error"); }
        catch (NetlinkFormatException e) { Assert.Contains("shorter than struct nlmsgerr", e.Message); }

        // Not capped: the echoed request claims more bytes than were sent back.
        var lying = Message(NetlinkMessageType.Error, NetlinkFlags.AckTlvs, w =>
        {
            var body = w.Reserve(NetlinkMessage.ErrorSize);
            BinaryPrimitives.WriteInt32LittleEndian(body, -22);
            new NetlinkMessageHeader(4096, NetlinkMessageType.NewRoute, NetlinkFlags.Request, 5, 0).Write(body[4..]);
        });
        reader = new NetlinkMessageReader(lying);
        Assert.True(reader.TryRead(out message));
        try { message.ReadError(out _); Assert.Fail("expected a format error"); }
        catch (NetlinkFormatException e) { Assert.Contains("runs past", e.Message); }

        var exception = new NetlinkException("RTM_NEWROUTE (add x)", 17, "Route exists");
        Assert.Equal("RTM_NEWROUTE (add x) failed: File exists (errno 17); kernel says: Route exists", exception.Message);
    }

    [Fact]
    public void Writer_refuses_oversized_attributes_and_unbalanced_nesting()
    {
        var w = new NetlinkMessageWriter();
        w.Begin(NetlinkMessageType.NewLink, 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.AddBytes(1, new byte[70000]));
        w.BeginNested(LinkAttribute.LinkInfo);
        Assert.Throws<InvalidOperationException>(() => w.End());
        w.EndNested();
        w.End();
        Assert.Throws<InvalidOperationException>(() => w.EndNested());
        Assert.Throws<InvalidOperationException>(() => w.End());
    }
}
