using System.Net;
using EdgeMx.Ike.Config;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// The initiator side of a configured connection: whether it should be up, where its gateway currently is (a
/// redirect moves it), which IKE SA currently serves it, and when to try again after a failure.
/// </summary>
internal sealed class IkeConnection(IkeConnectionSettings settings)
{
    public IkeConnectionSettings Settings { get; set; } = settings;

    /// <summary>The operator (or the tunnel service) wants this connection up.</summary>
    public bool Wanted { get; set; }

    /// <summary>Our address on the uplink the tunnel runs over.</summary>
    public IPAddress? LocalAddress { get; set; }

    /// <summary>Where we connect: the configured peer, or where the last redirect sent us.</summary>
    public IPAddress? Gateway { get; set; } = settings.RemoteAddress;

    /// <summary>The gateway that redirected us, announced in REDIRECTED_FROM on the next attempt (RFC 5685 §4).</summary>
    public IPAddress? RedirectedFrom { get; set; }

    public IkeSa? Current { get; set; }

    public long? ReconnectAt { get; set; }

    public int Failures { get; set; }

    /// <summary>Times of the redirects we followed, for the max-redirects window.</summary>
    public Queue<long> Redirects { get; } = new();
}
