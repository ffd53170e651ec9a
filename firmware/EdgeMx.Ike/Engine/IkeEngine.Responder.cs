using System.Net;
using EdgeMx.Ike.Config;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// Responder bookkeeping: half-open SAs (IKE_SA_INIT answered, IKE_AUTH not yet), the COOKIE defence above a
/// threshold (RFC 7296 §2.6), the connections an initiator at some address may be using, and the redirect policies
/// of a gateway (RFC 5685), which the tests and a hub mode set.
/// </summary>
public sealed partial class IkeEngine
{
    private readonly Dictionary<(ulong SpiI, IPEndPoint From), IkeSa> _halfOpen = [];
    private readonly CookieGenerator _cookies;
    private bool _cookiesReported;
    private bool _limitReported;

    /// <summary>Gateway policy: redirect a new IKE_SA_INIT from this endpoint to another gateway (null: serve it).</summary>
    public Func<IPEndPoint, IPAddress?>? RedirectOnInit { get; set; }

    /// <summary>Gateway policy: redirect an authenticated client in IKE_AUTH instead of creating a CHILD_SA.</summary>
    public Func<IkeSa, IPAddress?>? RedirectOnAuth { get; set; }

    public int HalfOpenCount => _halfOpen.Count;

    internal CookieGenerator Cookies => _cookies;

    internal bool TryGetHalfOpen(ulong spiI, IPEndPoint from, out IkeSa sa) => _halfOpen.TryGetValue((spiI, from), out sa!);

    internal void RegisterHalfOpen(IkeSa sa, ulong spiI, IPEndPoint from)
    {
        _halfOpen[(spiI, from)] = sa;
        sa.HalfOpenKey = (spiI, from);
        if (_halfOpen.Count < Options.CookieThreshold) _cookiesReported = false;
    }

    private void RemoveHalfOpen(IkeSa sa)
    {
        if (sa.HalfOpenKey is { } key && _halfOpen.TryGetValue(key, out var registered) && ReferenceEquals(registered, sa))
            _halfOpen.Remove(key);
        sa.HalfOpenKey = null;
    }

    /// <summary>True when new initiators must present a COOKIE; reports the switch once.</summary>
    internal bool CookiesRequired()
    {
        if (_halfOpen.Count < Options.CookieThreshold) return false;
        if (!_cookiesReported)
        {
            _cookiesReported = true;
            Emit(new ReportEvent(IkeEvents.ResponderUnderLoad(_halfOpen.Count, Options.CookieThreshold)));
        }
        return true;
    }

    internal bool HalfOpenLimitReached()
    {
        if (_halfOpen.Count < Options.HalfOpenLimit)
        {
            _limitReported = false;
            return false;
        }
        Counters.HalfOpenDropped++;
        if (!_limitReported)
        {
            _limitReported = true;
            Emit(new ReportEvent(IkeEvents.HalfOpenLimit(Options.HalfOpenLimit)));
        }
        return true;
    }

    /// <summary>Connections an initiator at <paramref name="remote"/> may be using: those for its address or any address.</summary>
    internal IEnumerable<IkeConnectionSettings> CandidateSettings(IPAddress remote) =>
        _connections.Values
            .Where(c => c.Settings.RemoteAddress is null || c.Settings.RemoteAddress.Equals(remote) || Equals(c.Gateway, remote))
            .OrderBy(c => c.Settings.RemoteAddress is null ? 1 : 0)
            .Select(c => c.Settings);

    /// <summary>INITIAL_CONTACT (RFC 7296 §2.4): the peer restarted, so its other SAs with us are stale.</summary>
    internal void DropStaleSas(IkeSa current)
    {
        foreach (var sa in _sas.Values.ToList())
        {
            if (ReferenceEquals(sa, current) || sa.Settings.Name != current.Settings.Name || sa.PeerId is null
                || !sa.PeerId.Equals(current.PeerId) || sa.State == IkeSaState.Closed) continue;
            sa.Close("replaced: the peer sent INITIAL_CONTACT", reconnect: false);
        }
    }
}
