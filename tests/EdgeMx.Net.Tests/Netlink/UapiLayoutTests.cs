using EdgeMx.Net.Links;
using EdgeMx.Net.Netlink;
using EdgeMx.Net.Routing;
using EdgeMx.Net.Sockets;
using EdgeMx.Net.Tests.Lab;
using EdgeMx.Net.Tun;

namespace EdgeMx.Net.Tests.Netlink;

/// <summary>
/// Our wire layouts and constants against the kernel's uapi headers: a small C program compiled with gcc prints
/// sizeof/offsetof and the macro values, and every named constant must equal its C counterpart.
/// </summary>
public class UapiLayoutTests
{
    private static readonly (string C, long Ours)[] Expectations =
    [
        ("sizeof(struct nlmsghdr)", NetlinkMessageHeader.Size),
        ("offsetof(struct nlmsghdr, nlmsg_len)", NetlinkMessageHeader.LengthOffset),
        ("offsetof(struct nlmsghdr, nlmsg_type)", NetlinkMessageHeader.TypeOffset),
        ("offsetof(struct nlmsghdr, nlmsg_flags)", NetlinkMessageHeader.FlagsOffset),
        ("offsetof(struct nlmsghdr, nlmsg_seq)", NetlinkMessageHeader.SequenceOffset),
        ("offsetof(struct nlmsghdr, nlmsg_pid)", NetlinkMessageHeader.PortIdOffset),
        ("NLMSG_ALIGNTO", NetlinkMessageHeader.Alignment),
        ("sizeof(struct nlmsgerr)", NetlinkMessage.ErrorSize),
        ("NLMSGERR_ATTR_MSG", NetlinkMessage.ExtAckMessage),
        ("NLMSGERR_ATTR_OFFS", NetlinkMessage.ExtAckOffset),
        ("sizeof(struct sockaddr_nl)", NetlinkSocket.SockaddrSize),
        ("offsetof(struct sockaddr_nl, nl_pid)", NetlinkSocket.SockaddrPortIdOffset),
        ("offsetof(struct sockaddr_nl, nl_groups)", NetlinkSocket.SockaddrGroupsOffset),
        ("sizeof(struct ifinfomsg)", IfInfoMessage.Size),
        ("offsetof(struct ifinfomsg, ifi_family)", IfInfoMessage.FamilyOffset),
        ("offsetof(struct ifinfomsg, ifi_type)", IfInfoMessage.TypeOffset),
        ("offsetof(struct ifinfomsg, ifi_index)", IfInfoMessage.IndexOffset),
        ("offsetof(struct ifinfomsg, ifi_flags)", IfInfoMessage.FlagsOffset),
        ("offsetof(struct ifinfomsg, ifi_change)", IfInfoMessage.ChangeOffset),
        ("sizeof(struct ifaddrmsg)", IfAddrMessage.Size),
        ("offsetof(struct ifaddrmsg, ifa_prefixlen)", IfAddrMessage.PrefixLengthOffset),
        ("offsetof(struct ifaddrmsg, ifa_flags)", IfAddrMessage.FlagsOffset),
        ("offsetof(struct ifaddrmsg, ifa_scope)", IfAddrMessage.ScopeOffset),
        ("offsetof(struct ifaddrmsg, ifa_index)", IfAddrMessage.IndexOffset),
        ("sizeof(struct rtmsg)", RouteMessage.Size),
        ("offsetof(struct rtmsg, rtm_dst_len)", RouteMessage.DestinationLengthOffset),
        ("offsetof(struct rtmsg, rtm_src_len)", RouteMessage.SourceLengthOffset),
        ("offsetof(struct rtmsg, rtm_tos)", RouteMessage.TosOffset),
        ("offsetof(struct rtmsg, rtm_table)", RouteMessage.TableOffset),
        ("offsetof(struct rtmsg, rtm_protocol)", RouteMessage.ProtocolOffset),
        ("offsetof(struct rtmsg, rtm_scope)", RouteMessage.ScopeOffset),
        ("offsetof(struct rtmsg, rtm_type)", RouteMessage.TypeOffset),
        ("offsetof(struct rtmsg, rtm_flags)", RouteMessage.FlagsOffset),
        ("sizeof(struct fib_rule_hdr)", FibRuleHeader.Size),
        ("offsetof(struct fib_rule_hdr, dst_len)", FibRuleHeader.DestinationLengthOffset),
        ("offsetof(struct fib_rule_hdr, src_len)", FibRuleHeader.SourceLengthOffset),
        ("offsetof(struct fib_rule_hdr, tos)", FibRuleHeader.TosOffset),
        ("offsetof(struct fib_rule_hdr, table)", FibRuleHeader.TableOffset),
        ("offsetof(struct fib_rule_hdr, action)", FibRuleHeader.ActionOffset),
        ("offsetof(struct fib_rule_hdr, flags)", FibRuleHeader.FlagsOffset),
        ("FIB_RULE_INVERT", FibRuleHeader.FlagInvert),
        ("sizeof(struct rtattr)", NetlinkAttribute.HeaderSize),
        ("NLA_ALIGNTO", NetlinkAttribute.Alignment),
        ("NLA_F_NESTED", NetlinkAttribute.NestedFlag),
        ("NLA_F_NET_BYTEORDER", NetlinkAttribute.NetworkByteOrderFlag),
        ("(unsigned short)NLA_TYPE_MASK", NetlinkAttribute.TypeMask),

        ("NLMSG_NOOP", NetlinkMessageType.Noop), ("NLMSG_ERROR", NetlinkMessageType.Error),
        ("NLMSG_DONE", NetlinkMessageType.Done), ("NLMSG_OVERRUN", NetlinkMessageType.Overrun),
        ("RTM_NEWLINK", NetlinkMessageType.NewLink), ("RTM_DELLINK", NetlinkMessageType.DeleteLink),
        ("RTM_GETLINK", NetlinkMessageType.GetLink), ("RTM_SETLINK", NetlinkMessageType.SetLink),
        ("RTM_NEWADDR", NetlinkMessageType.NewAddress), ("RTM_DELADDR", NetlinkMessageType.DeleteAddress),
        ("RTM_GETADDR", NetlinkMessageType.GetAddress), ("RTM_NEWROUTE", NetlinkMessageType.NewRoute),
        ("RTM_DELROUTE", NetlinkMessageType.DeleteRoute), ("RTM_GETROUTE", NetlinkMessageType.GetRoute),
        ("RTM_NEWRULE", NetlinkMessageType.NewRule), ("RTM_DELRULE", NetlinkMessageType.DeleteRule),
        ("RTM_GETRULE", NetlinkMessageType.GetRule),

        ("NLM_F_REQUEST", (long)NetlinkFlags.Request), ("NLM_F_MULTI", (long)NetlinkFlags.Multi),
        ("NLM_F_ACK", (long)NetlinkFlags.Ack), ("NLM_F_ECHO", (long)NetlinkFlags.Echo),
        ("NLM_F_DUMP_INTR", (long)NetlinkFlags.DumpInterrupted), ("NLM_F_DUMP_FILTERED", (long)NetlinkFlags.DumpFiltered),
        ("NLM_F_ROOT", (long)NetlinkFlags.Root), ("NLM_F_MATCH", (long)NetlinkFlags.Match), ("NLM_F_DUMP", (long)NetlinkFlags.Dump),
        ("NLM_F_REPLACE", (long)NetlinkFlags.Replace), ("NLM_F_EXCL", (long)NetlinkFlags.Exclusive),
        ("NLM_F_CREATE", (long)NetlinkFlags.Create), ("NLM_F_APPEND", (long)NetlinkFlags.Append),
        ("NLM_F_CAPPED", (long)NetlinkFlags.Capped), ("NLM_F_ACK_TLVS", (long)NetlinkFlags.AckTlvs),

        ("NETLINK_ROUTE", NetlinkSocket.NetlinkRoute), ("SOL_NETLINK", NetlinkSocket.SolNetlink),
        ("NETLINK_ADD_MEMBERSHIP", NetlinkSocket.AddMembership), ("NETLINK_DROP_MEMBERSHIP", NetlinkSocket.DropMembership),
        ("NETLINK_CAP_ACK", NetlinkSocket.CapAck), ("NETLINK_EXT_ACK", NetlinkSocket.ExtAck),
        ("AF_NETLINK", 16), ("ENOBUFS", NetlinkException.ENOBUFS), ("EEXIST", NetlinkException.EEXIST),
        ("ENOENT", NetlinkException.ENOENT), ("ESRCH", NetlinkException.ESRCH), ("ENODEV", NetlinkException.ENODEV),
        ("EADDRNOTAVAIL", NetlinkException.EADDRNOTAVAIL), ("ENETUNREACH", NetlinkException.ENETUNREACH), ("ETIMEDOUT", NetlinkException.ETIMEDOUT),

        ("RTNLGRP_LINK", (long)RtnetlinkGroup.Link), ("RTNLGRP_IPV4_IFADDR", (long)RtnetlinkGroup.IPv4Address),
        ("RTNLGRP_IPV4_ROUTE", (long)RtnetlinkGroup.IPv4Route), ("RTNLGRP_IPV4_RULE", (long)RtnetlinkGroup.IPv4Rule),
        ("RTNLGRP_IPV6_IFADDR", (long)RtnetlinkGroup.IPv6Address), ("RTNLGRP_IPV6_ROUTE", (long)RtnetlinkGroup.IPv6Route),
        ("RTNLGRP_IPV6_RULE", (long)RtnetlinkGroup.IPv6Rule),

        ("IFLA_ADDRESS", LinkAttribute.Address), ("IFLA_BROADCAST", LinkAttribute.Broadcast), ("IFLA_IFNAME", LinkAttribute.Name),
        ("IFLA_MTU", LinkAttribute.Mtu), ("IFLA_LINK", LinkAttribute.Link), ("IFLA_MASTER", LinkAttribute.Master),
        ("IFLA_TXQLEN", LinkAttribute.TxQueueLength), ("IFLA_OPERSTATE", LinkAttribute.OperState), ("IFLA_LINKMODE", LinkAttribute.LinkMode),
        ("IFLA_LINKINFO", LinkAttribute.LinkInfo), ("IFLA_EXT_MASK", LinkAttribute.ExtMask), ("IFLA_CARRIER", LinkAttribute.Carrier),
        ("IFLA_CARRIER_CHANGES", LinkAttribute.CarrierChanges), ("IFLA_INFO_KIND", LinkMessages.LinkInfoKind),
        ("IFA_ADDRESS", AddressAttribute.Address), ("IFA_LOCAL", AddressAttribute.Local), ("IFA_LABEL", AddressAttribute.Label),
        ("IFA_BROADCAST", AddressAttribute.Broadcast), ("IFA_CACHEINFO", AddressAttribute.CacheInfo), ("IFA_FLAGS", AddressAttribute.Flags),
        ("IFA_F_NODAD", InterfaceAddress.FlagNoDad), ("IFA_F_TENTATIVE", InterfaceAddress.FlagTentative),
        ("IFA_F_DADFAILED", InterfaceAddress.FlagDadFailed), ("IFA_F_PERMANENT", InterfaceAddress.FlagPermanent),
        ("RTA_DST", RouteAttribute.Destination), ("RTA_SRC", RouteAttribute.Source), ("RTA_IIF", RouteAttribute.InputInterface),
        ("RTA_OIF", RouteAttribute.OutputInterface), ("RTA_GATEWAY", RouteAttribute.Gateway), ("RTA_PRIORITY", RouteAttribute.Priority),
        ("RTA_PREFSRC", RouteAttribute.PreferredSource), ("RTA_METRICS", RouteAttribute.Metrics), ("RTA_MULTIPATH", RouteAttribute.Multipath),
        ("RTA_CACHEINFO", RouteAttribute.CacheInfo), ("RTA_TABLE", RouteAttribute.Table), ("RTA_MARK", RouteAttribute.Mark),
        ("RTA_VIA", RouteAttribute.Via), ("RTA_PREF", RouteAttribute.Preference),
        ("FRA_DST", RuleAttribute.Destination), ("FRA_SRC", RuleAttribute.Source), ("FRA_IIFNAME", RuleAttribute.InputInterface),
        ("FRA_GOTO", RuleAttribute.Goto), ("FRA_PRIORITY", RuleAttribute.Priority), ("FRA_FWMARK", RuleAttribute.FwMark),
        ("FRA_FLOW", RuleAttribute.Flow), ("FRA_SUPPRESS_PREFIXLEN", RuleAttribute.SuppressPrefixLength), ("FRA_TABLE", RuleAttribute.Table),
        ("FRA_FWMASK", RuleAttribute.FwMask), ("FRA_OIFNAME", RuleAttribute.OutputInterface), ("FRA_L3MDEV", RuleAttribute.L3MasterDevice),
        ("FRA_PROTOCOL", RuleAttribute.Protocol),
        ("FR_ACT_TO_TBL", (long)RuleAction.ToTable), ("FR_ACT_GOTO", (long)RuleAction.Goto), ("FR_ACT_NOP", (long)RuleAction.Nop),
        ("FR_ACT_BLACKHOLE", (long)RuleAction.Blackhole), ("FR_ACT_UNREACHABLE", (long)RuleAction.Unreachable), ("FR_ACT_PROHIBIT", (long)RuleAction.Prohibit),

        ("RTN_UNICAST", (long)RouteType.Unicast), ("RTN_LOCAL", (long)RouteType.Local), ("RTN_BROADCAST", (long)RouteType.Broadcast),
        ("RTN_ANYCAST", (long)RouteType.Anycast), ("RTN_MULTICAST", (long)RouteType.Multicast), ("RTN_BLACKHOLE", (long)RouteType.Blackhole),
        ("RTN_UNREACHABLE", (long)RouteType.Unreachable), ("RTN_PROHIBIT", (long)RouteType.Prohibit), ("RTN_THROW", (long)RouteType.Throw),
        ("RT_SCOPE_UNIVERSE", (long)RouteScope.Universe), ("RT_SCOPE_SITE", (long)RouteScope.Site), ("RT_SCOPE_LINK", (long)RouteScope.Link),
        ("RT_SCOPE_HOST", (long)RouteScope.Host), ("RT_SCOPE_NOWHERE", (long)RouteScope.Nowhere),
        ("RT_TABLE_UNSPEC", RouteTables.Unspecified), ("RT_TABLE_COMPAT", RouteTables.Compat), ("RT_TABLE_DEFAULT", RouteTables.Default),
        ("RT_TABLE_MAIN", RouteTables.Main), ("RT_TABLE_LOCAL", RouteTables.Local),
        ("RTPROT_UNSPEC", RouteProtocol.Unspecified), ("RTPROT_REDIRECT", RouteProtocol.Redirect), ("RTPROT_KERNEL", RouteProtocol.Kernel),
        ("RTPROT_BOOT", RouteProtocol.Boot), ("RTPROT_STATIC", RouteProtocol.Static), ("RTPROT_DHCP", RouteProtocol.Dhcp),
        ("RTNH_F_ONLINK", RouteMessages.FlagOnLink), ("RTM_F_CLONED", RouteMessages.FlagCloned),

        ("IFF_UP", (long)LinkFlags.Up), ("IFF_BROADCAST", (long)LinkFlags.Broadcast), ("IFF_LOOPBACK", (long)LinkFlags.Loopback),
        ("IFF_POINTOPOINT", (long)LinkFlags.PointToPoint), ("IFF_RUNNING", (long)LinkFlags.Running), ("IFF_NOARP", (long)LinkFlags.NoArp),
        ("IFF_PROMISC", (long)LinkFlags.Promiscuous), ("IFF_ALLMULTI", (long)LinkFlags.AllMulticast), ("IFF_MASTER", (long)LinkFlags.Master),
        ("IFF_SLAVE", (long)LinkFlags.Slave), ("IFF_MULTICAST", (long)LinkFlags.Multicast), ("IFF_LOWER_UP", (long)LinkFlags.LowerUp),
        ("IFF_DORMANT", (long)LinkFlags.Dormant), ("IFF_ECHO", (long)LinkFlags.Echo),
        ("IF_OPER_UNKNOWN", (long)LinkOperState.Unknown), ("IF_OPER_NOTPRESENT", (long)LinkOperState.NotPresent),
        ("IF_OPER_DOWN", (long)LinkOperState.Down), ("IF_OPER_LOWERLAYERDOWN", (long)LinkOperState.LowerLayerDown),
        ("IF_OPER_TESTING", (long)LinkOperState.Testing), ("IF_OPER_DORMANT", (long)LinkOperState.Dormant), ("IF_OPER_UP", (long)LinkOperState.Up),
        ("AF_UNSPEC", LinkMessages.AfUnspec), ("AF_INET", LinkMessages.AfInet), ("AF_INET6", LinkMessages.AfInet6),
        ("IFNAMSIZ", TunDevice.InterfaceNameSize), ("IFNAMSIZ - 1", LinkMessages.MaxNameLength),

        ("sizeof(struct ifreq)", TunDevice.InterfaceRequestSize), ("offsetof(struct ifreq, ifr_flags)", TunDevice.FlagsOffset),
        ("IFF_TUN", TunDevice.IffTun), ("IFF_NO_PI", TunDevice.IffNoPi), ("IFF_MULTI_QUEUE", TunDevice.IffMultiQueue),
        ("TUNSETIFF", TunDevice.TunSetIff),
        ("SOL_SOCKET", BoundSocket.SolSocket), ("SO_BINDTODEVICE", BoundSocket.SoBindToDevice),
        ("CLONE_NEWNET", 0x40000000), ("O_NONBLOCK", 0x800), ("O_CLOEXEC", 0x80000), ("SOCK_CLOEXEC", 0x80000),
        ("EFD_CLOEXEC", 0x80000), ("EFD_NONBLOCK", 0x800), ("EAGAIN", 11), ("EINTR", 4),
    ];

    [Fact]
    public void Every_wire_constant_matches_the_kernel_headers()
    {
        var directory = ServerProcess.NewDirectory();
        try
        {
            var source = Path.Combine(directory, "uapi.c");
            var lines = string.Join('\n', Expectations.Select((e, i) => $"    printf(\"%d %lld\\n\", {i}, (long long)({e.C}));"));
            File.WriteAllText(source, $$"""
                #define _GNU_SOURCE
                #include <stdio.h>
                #include <stddef.h>
                #include <errno.h>
                #include <fcntl.h>
                #include <sched.h>
                #include <sys/socket.h>
                #include <sys/eventfd.h>
                #include <linux/netlink.h>
                #include <linux/rtnetlink.h>
                #include <linux/if_link.h>
                #include <linux/if_addr.h>
                #include <linux/fib_rules.h>
                #include <sys/ioctl.h>
                #include <linux/if_tun.h>
                #include <linux/if.h>
                int main(void) {
                {{lines}}
                    return 0;
                }
                """);
            Shell.Run($"gcc -o {directory}/uapi {source}");
            var values = Shell.Run($"{directory}/uapi").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(' ')).ToDictionary(p => int.Parse(p[0]), p => long.Parse(p[1]));
            var mismatches = Expectations.Select((e, i) => (e.C, e.Ours, Kernel: values[i])).Where(x => x.Ours != x.Kernel)
                .Select(x => $"{x.C}: ours {x.Ours}, kernel {x.Kernel}").ToList();
            Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
            Assert.Equal(Expectations.Length, values.Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
