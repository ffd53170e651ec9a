using System.Net;

namespace EdgeMx.Net.Links;

/// <summary>An address assigned to an interface (RTM_NEWADDR), with its prefix length.</summary>
public sealed record InterfaceAddress(int InterfaceIndex, IPAddress Address, int PrefixLength)
{
    public const byte ScopeUniverse = 0;  // RT_SCOPE_UNIVERSE
    public const byte ScopeLink = 253;    // RT_SCOPE_LINK
    public const byte ScopeHost = 254;    // RT_SCOPE_HOST
    public const uint FlagNoDad = 0x02;        // IFA_F_NODAD
    public const uint FlagTentative = 0x40;    // IFA_F_TENTATIVE: IPv6 duplicate address detection still running
    public const uint FlagDadFailed = 0x08;    // IFA_F_DADFAILED
    public const uint FlagPermanent = 0x80;    // IFA_F_PERMANENT

    /// <summary>ifa_scope (RT_SCOPE_*).</summary>
    public byte Scope { get; init; }

    /// <summary>IFA_F_* flags (from IFA_FLAGS when present, else ifa_flags).</summary>
    public uint Flags { get; init; }

    /// <summary>The network this address sits in, e.g. 198.51.100.0/24 for 198.51.100.2/24.</summary>
    public IPNetwork Network => new(Prefix.Mask(Address, PrefixLength), PrefixLength);

    /// <summary>Usable as a source: not tentative and DAD did not fail.</summary>
    public bool IsUsable => (Flags & (FlagTentative | FlagDadFailed)) == 0;

    public override string ToString() => $"{Address}/{PrefixLength}";
}
