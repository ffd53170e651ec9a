using System.Net;

namespace EdgeMx.Appliance.Uplinks;

/// <summary>The full current state of one interface after the kernel reported a change (or at start).</summary>
/// <param name="Exists">False when the interface disappeared (a USB modem unplugged).</param>
/// <param name="Operational">Administratively up and carrier present: packets can flow.</param>
/// <param name="OperState">RFC 2863 operstate in the kernel's words ("up", "down", "lowerlayerdown", …).</param>
/// <param name="Addresses">Its usable IPv4 addresses with prefix lengths.</param>
public sealed record LinkObservation(
    string Name,
    int Index,
    bool Exists,
    bool Operational,
    string OperState,
    IReadOnlyList<(IPAddress Address, int PrefixLength)> Addresses)
{
    /// <summary>Follows the observations of the links that existed at start: configured interfaces not seen by then are absent.</summary>
    public static readonly LinkObservation EndOfSnapshot = new("", 0, false, false, "", []);

    public bool IsEndOfSnapshot => ReferenceEquals(this, EndOfSnapshot);
}
