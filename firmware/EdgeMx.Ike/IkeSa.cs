using System.Buffers.Binary;
using System.Net;
using EdgeMx.Core.Events;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Exchanges;
using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike;

/// <summary>
/// One IKE SA (RFC 7296), in either role. It owns the negotiated keys, both Message ID counters, the queue of
/// exchanges we initiate (one outstanding at a time), the cached last response, its CHILD_SAs and its timers.
/// It does no I/O: what it sends and installs goes to the engine as actions. Split by concern:
/// IkeSa.Messages.cs (IDs, retransmission, dispatch), IkeSa.Children.cs, IkeSa.Timers.cs (lifetimes, DPD,
/// keepalives), IkeSa.Nat.cs, IkeSa.Close.cs.
/// </summary>
public sealed partial class IkeSa
{
    internal IkeSa(IkeEngine engine, IkeConnectionSettings settings, bool originalInitiator, ulong spiI, ulong spiR,
        IPEndPoint local, IPEndPoint remote)
    {
        Engine = engine;
        Settings = settings;
        IsOriginalInitiator = originalInitiator;
        SpiI = spiI;
        SpiR = spiR;
        Local = local;
        Remote = remote;
        UniqueId = engine.NextUniqueId();
        CreatedAt = engine.Clock.Now;
        LastInbound = CreatedAt;
    }

    internal IkeEngine Engine { get; }

    internal Clock Clock => Engine.Clock;

    /// <summary>The connection settings this SA runs under (for a responder: the best candidate until IKE_AUTH names the peer).</summary>
    public IkeConnectionSettings Settings { get; internal set; }

    /// <summary>The initiator-side connection runtime this SA belongs to, if any.</summary>
    internal IkeConnection? Connection { get; set; }

    public string Name => Settings.Name;

    /// <summary>Process-wide number, like strongSwan's "#n".</summary>
    public long UniqueId { get; }

    /// <summary>We sent the first IKE_SA_INIT (or, for a rekeyed SA, the CREATE_CHILD_SA that made it): we set the I flag.</summary>
    public bool IsOriginalInitiator { get; }

    public ulong SpiI { get; internal set; }

    public ulong SpiR { get; internal set; }

    public ulong OurSpi => IsOriginalInitiator ? SpiI : SpiR;

    public IPEndPoint Local { get; internal set; }

    public IPEndPoint Remote { get; internal set; }

    public IkeSaState State { get; internal set; } = IkeSaState.Connecting;

    public SelectedProposal? Proposal { get; internal set; }

    internal IkeSaKeys? Keys { get; set; }

    internal IkeMessageProtection? Protection { get; set; }

    internal byte[] NonceI { get; set; } = [];

    internal byte[] NonceR { get; set; } = [];

    /// <summary>RealMessage1/2 of RFC 7296 §2.15: the IKE_SA_INIT request and response exactly as sent.</summary>
    internal byte[] InitRequest { get; set; } = [];

    internal byte[] InitResponse { get; set; } = [];

    public IkeIdentity? PeerId { get; internal set; }

    /// <summary>Key of this SA in the engine's half-open table (responder, until IKE_AUTH completes).</summary>
    internal (ulong SpiI, IPEndPoint From)? HalfOpenKey { get; set; }

    /// <summary>The initiator sent REDIRECT_SUPPORTED or REDIRECTED_FROM in IKE_SA_INIT (RFC 5685 §3).</summary>
    internal bool PeerSupportsRedirect { get; set; }

    public long CreatedAt { get; }

    public long? EstablishedAt { get; internal set; }

    /// <summary>Last time an authenticated message (or, via usage reports, ESP) arrived from the peer.</summary>
    public long LastInbound { get; internal set; }

    public int RekeyCount { get; internal set; }

    internal byte[] OurNonce => IsOriginalInitiator ? NonceI : NonceR;

    internal byte[] NewNonce()
    {
        var nonce = new byte[Engine.Options.NonceSize];
        Engine.Crypto.GetRandomBytes(nonce);
        return nonce;
    }

    /// <summary>Both ends are authenticated: the SA is up (phase 1 established).</summary>
    internal void OnEstablished()
    {
        State = IkeSaState.Established;
        EstablishedAt = Clock.Now;
        StartEstablishedTimers();
        Report(IkeEvents.IkeEstablished(Name, Local, Remote, SpiI, SpiR, Proposal!.Name, NatLocal, NatRemote,
            Settings.LocalId.ToString(), PeerId?.ToString() ?? "?", IsOriginalInitiator));
        Engine.OnIkeSaEstablished(this);
        Changed();
    }

    internal void Emit(IkeAction action) => Engine.Emit(action);

    internal void Report(EventDraft draft) => Engine.Emit(new ReportEvent(draft));

    internal void Changed() => Engine.Emit(new SaStateChanged(Name));

    internal static byte[] SpiBytes(ulong spi)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, spi);
        return bytes;
    }

    public override string ToString() =>
        $"{Name}#{UniqueId} {SpiI:x16}_i{(IsOriginalInitiator ? "*" : "")} {SpiR:x16}_r{(IsOriginalInitiator ? "" : "*")} {State} {Local} <=> {Remote}";
}
