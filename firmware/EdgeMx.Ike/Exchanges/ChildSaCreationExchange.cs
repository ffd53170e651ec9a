using System.Buffers.Binary;
using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Crypto;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>
/// CREATE_CHILD_SA for a CHILD_SA, new or rekeyed (RFC 7296 §1.3.1, §1.3.3):
/// <code>
/// HDR, SK {[N(REKEY_SA),] SA, Ni, [KEi,] TSi, TSr}  -->
///                          &lt;--  HDR, SK {SA, Nr, [KEr,] TSi, TSr}
///                          &lt;--  HDR, SK {N(INVALID_KE_PAYLOAD | TEMPORARY_FAILURE | NO_PROPOSAL_CHOSEN | …)}
/// </code>
/// With PFS the KEYMAT includes a fresh g^ir. INVALID_KE_PAYLOAD makes us retry with the requested group;
/// TEMPORARY_FAILURE (the peer is busy, §2.25) makes us retry after a random delay.
/// </summary>
internal abstract class ChildSaCreationExchange : Exchange
{
    private const int MaxKeRetries = 3;
    private uint _spi;
    private byte[] _nonce = [];
    private KeyExchangeTransform? _group;
    private IKeyExchange? _keyExchange;
    private int _keRetries;

    protected ChildSaCreationExchange(ChildSaSettings child)
    {
        Child = child;
        _group = child.EspProposals.SelectMany(p => p.KeyExchange).FirstOrDefault();
    }

    public ChildSaSettings Child { get; }

    /// <summary>Our nonce in this exchange (for rekey collisions).</summary>
    public byte[] Nonce => _nonce;

    public override ExchangeType Type => ExchangeType.CreateChildSa;

    protected virtual IEnumerable<IkePayload> Prefix(IkeSa sa) => [];

    protected virtual IReadOnlyList<TrafficSelector> LocalSelectors => Child.LocalSelectors;

    protected virtual IReadOnlyList<TrafficSelector> RemoteSelectors => Child.RemoteSelectors;

    protected virtual ChildSa? Replaces => null;

    public override IReadOnlyList<IkePayload> BuildRequest(IkeSa sa)
    {
        if (_spi == 0) _spi = sa.Engine.AllocateChildSpi();
        _nonce = sa.NewNonce();
        var payloads = new List<IkePayload>(Prefix(sa))
        {
            ChildNegotiation.InitiatorSa(Child, _spi, withKeyExchange: true),
            new NoncePayload(_nonce),
        };
        if (_group is not null)
        {
            _keyExchange ??= sa.Engine.Crypto.CreateKeyExchange(_group.Group);
            payloads.Add(new KeyExchangePayload(_group.Number, _keyExchange.PublicKey.ToArray()));
        }
        payloads.Add(new TrafficSelectorPayload(true, LocalSelectors));
        payloads.Add(new TrafficSelectorPayload(false, RemoteSelectors));
        return payloads;
    }

    public override ExchangeOutcome ProcessResponse(IkeSa sa, IkeMessage response)
    {
        var error = response.FirstError;
        if (error?.NotifyType == NotifyType.InvalidKePayload && error.Data.Length == 2)
        {
            var requested = BinaryPrimitives.ReadUInt16BigEndian(error.Data);
            var group = Child.EspProposals.SelectMany(p => p.KeyExchange).FirstOrDefault(k => k.Number == requested);
            if (group is not null && group != _group && _keRetries++ < MaxKeRetries)
            {
                sa.Report(IkeEvents.InvalidKe(sa.Name, sa.Remote, _group?.Name ?? "none", group.Name, retrying: true));
                _keyExchange?.Dispose();
                _keyExchange = null;
                _group = group;
                return ExchangeOutcome.Resend;
            }
        }
        if (error?.NotifyType == NotifyType.TemporaryFailure)
        {
            Release(sa);
            OnTemporaryFailure(sa);
            return ExchangeOutcome.Completed;
        }
        if (error?.NotifyType == NotifyType.ChildSaNotFound)
        {
            Release(sa);
            OnChildSaNotFound(sa);
            return ExchangeOutcome.Completed;
        }

        byte[] pfs = [];
        var nonce = response.Get<NoncePayload>();
        if (error is null)
        {
            var ke = response.Get<KeyExchangePayload>();
            string? problem = nonce is null ? "the response has no nonce" : null;
            if (problem is null && _group is not null)
            {
                if (ke is null || ke.Group != _group.Number)
                    problem = $"the response's KE is for group {ke?.Group.ToString() ?? "none"}, we sent {_group.Name}";
                else if (IkeKeying.SharedSecret(_keyExchange!, _group, ke.Data, out problem) is { } shared)
                    pfs = shared;
            }
            if (problem is not null)
            {
                Release(sa);
                sa.Report(IkeEvents.ExchangeFailed(sa.Name, sa.Remote, Name, problem, 2));
                OnFailed(sa);
                return ExchangeOutcome.Completed;
            }
        }

        var child = ChildNegotiation.CompleteInitiator(sa, Child, _spi, response, _nonce, nonce?.Data ?? [], pfs,
            withKeyExchange: true, Replaces);
        Array.Clear(pfs);
        _spi = 0; // installed or released by CompleteInitiator
        DisposeKeyExchange();
        if (child is null) OnFailed(sa);
        else OnCreated(sa, child);
        return ExchangeOutcome.Completed;
    }

    protected abstract void OnCreated(IkeSa sa, ChildSa child);

    protected abstract void OnFailed(IkeSa sa);

    protected virtual void OnTemporaryFailure(IkeSa sa) =>
        sa.Defer(TimeSpan.FromSeconds(1 + 4 * sa.Engine.NextRandomFraction()), () => sa.Queue(Clone()));

    protected virtual void OnChildSaNotFound(IkeSa sa) => OnFailed(sa);

    /// <summary>A fresh exchange of the same kind (for retries).</summary>
    protected abstract ChildSaCreationExchange Clone();

    public override void OnTimeout(IkeSa sa, int transmissions, TimeSpan tried)
    {
        Release(sa);
        sa.Report(IkeEvents.NoResponse(sa.Name, sa.Remote, Name, transmissions, tried, established: true));
        sa.Engine.OnPeerDead(sa, "no response to CREATE_CHILD_SA");
    }

    public override void Abandon(IkeSa sa) => Release(sa);

    /// <summary>Frees what this exchange holds on <paramref name="sa"/> (its SPI, its key exchange).</summary>
    protected void Release(IkeSa sa)
    {
        if (_spi != 0) sa.Engine.ReleaseChildSpi(_spi);
        _spi = 0;
        DisposeKeyExchange();
    }

    private void DisposeKeyExchange()
    {
        _keyExchange?.Dispose();
        _keyExchange = null;
    }
}
