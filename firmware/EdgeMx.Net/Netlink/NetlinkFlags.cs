namespace EdgeMx.Net.Netlink;

/// <summary>nlmsg_flags (linux/netlink.h). The high byte means different things for GET and NEW requests.</summary>
[Flags]
public enum NetlinkFlags : ushort
{
    None = 0,
    Request = 0x1,      // NLM_F_REQUEST
    Multi = 0x2,        // NLM_F_MULTI: part of a multipart reply, ended by NLMSG_DONE
    Ack = 0x4,          // NLM_F_ACK
    Echo = 0x8,         // NLM_F_ECHO
    DumpInterrupted = 0x10, // NLM_F_DUMP_INTR: the table changed during the dump; the dump is inconsistent
    DumpFiltered = 0x20,    // NLM_F_DUMP_FILTERED

    // GET requests
    Root = 0x100,       // NLM_F_ROOT
    Match = 0x200,      // NLM_F_MATCH
    Dump = Root | Match,

    // NEW requests
    Replace = 0x100,    // NLM_F_REPLACE
    Exclusive = 0x200,  // NLM_F_EXCL
    Create = 0x400,     // NLM_F_CREATE
    Append = 0x800,     // NLM_F_APPEND

    // NLMSG_ERROR replies (extended ACK)
    Capped = 0x100,     // NLM_F_CAPPED: the echoed request was cut to its header
    AckTlvs = 0x200,    // NLM_F_ACK_TLVS: extended-ACK attributes follow
}
