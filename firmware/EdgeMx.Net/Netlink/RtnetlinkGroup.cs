namespace EdgeMx.Net.Netlink;

/// <summary>Multicast groups of NETLINK_ROUTE (enum rtnetlink_groups in linux/rtnetlink.h), joined by number.</summary>
public enum RtnetlinkGroup
{
    Link = 1,           // RTNLGRP_LINK
    IPv4Address = 5,    // RTNLGRP_IPV4_IFADDR
    IPv4Route = 7,      // RTNLGRP_IPV4_ROUTE
    IPv4Rule = 8,       // RTNLGRP_IPV4_RULE
    IPv6Address = 9,    // RTNLGRP_IPV6_IFADDR
    IPv6Route = 11,     // RTNLGRP_IPV6_ROUTE
    IPv6Rule = 19,      // RTNLGRP_IPV6_RULE
}
