namespace EdgeMx.Net.Netlink;

/// <summary>Turns one message of a dump into a value, or null to leave it out.</summary>
public delegate T? NetlinkReplyParser<T>(NetlinkMessage message) where T : class;
