using System.Net;
using EdgeMx.Ike.Engine;
using EdgeMx.Ike.Exchanges;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike;

/// <summary>
/// Message IDs, retransmission and the response cache (RFC 7296 §2.1–§2.3). We keep one request outstanding
/// (window size 1, the default every peer must support); further exchanges wait in a queue. Requests from the peer
/// are accepted only in order; a retransmitted request gets the cached response again, never a second processing.
/// </summary>
public sealed partial class IkeSa
{
    private readonly LinkedList<Exchange> _queue = new();
    private readonly List<Action> _afterResponse = [];
    private Exchange? _active;
    private uint _nextRequestId;
    private uint _expectedRequestId;
    private byte[]? _activeRequest;
    private int _transmissions;
    private long _firstSentAt;
    private long? _retransmitAt;
    private byte[]? _cachedResponse;
    private uint _cachedResponseId;
    private bool _processingResponse;

    internal Exchange? ActiveExchange => _active;

    internal IEnumerable<Exchange> QueuedExchanges => _queue;

    internal uint NextRequestId => _nextRequestId;

    /// <summary>The latest IKE_SA_INIT response as received (RealMessage2 once it is accepted).</summary>
    internal byte[] LastInitResponse { get; private set; } = [];

    internal uint ExpectedRequestId
    {
        get => _expectedRequestId;
        set => _expectedRequestId = value;
    }

    /// <summary>Number of retransmitted responses we sent from the cache (for tests and status).</summary>
    public int CachedResponsesResent { get; private set; }

    internal void Queue(Exchange exchange, bool first = false)
    {
        if (State == IkeSaState.Closed) return;
        if (first) _queue.AddFirst(exchange);
        else _queue.AddLast(exchange);
        StartNext();
    }

    internal void Unqueue(Exchange exchange)
    {
        if (_queue.Remove(exchange)) exchange.Abandon(this);
    }

    internal bool IsQueuedOrActive(Func<Exchange, bool> predicate) =>
        (_active is not null && predicate(_active)) || _queue.Any(predicate);

    /// <summary>Runs after the response to the request being processed has been sent (closing the SA after a
    /// DELETE, following a REDIRECT, …).</summary>
    internal void AfterResponse(Action action) => _afterResponse.Add(action);

    private void StartNext()
    {
        if (_active is not null || _queue.Count == 0 || State == IkeSaState.Closed) return;
        // Nothing but IKE_SA_INIT/IKE_AUTH before the SA is established (they queue themselves in order).
        var next = _queue.First!.Value;
        if (State is IkeSaState.Connecting or IkeSaState.Authenticating
            && next.Type is not (ExchangeType.IkeSaInit or ExchangeType.IkeAuth)) return;
        _queue.RemoveFirst();
        _active = next;
        SendActive();
    }

    /// <summary>Builds and sends the active request (again, for a Resend) with the current Message ID.</summary>
    private void SendActive()
    {
        var exchange = _active!;
        var payloads = exchange.BuildRequest(this);
        var header = new IkeHeader(SpiI, SpiR, PayloadType.None, IkeHeader.Ikev2Major, 0, exchange.Type,
            IsOriginalInitiator ? IkeHeaderFlags.Initiator : IkeHeaderFlags.None, _nextRequestId, 0);
        byte[] bytes;
        if (exchange.Type == ExchangeType.IkeSaInit)
        {
            bytes = new IkeMessage(header, payloads).Encode();
            InitRequest = bytes;
        }
        else
        {
            bytes = Protection!.Seal(header, payloads);
        }
        _activeRequest = bytes;
        _transmissions = 1;
        _firstSentAt = Clock.Now;
        _retransmitAt = _firstSentAt + Clock.ToTicks(exchange.WaitAfter(this, 1, TimeSpan.Zero));
        Engine.Touch(this);
        Send(bytes);
    }

    internal void Send(byte[] bytes)
    {
        LastOutbound = Clock.Now;
        Emit(new SendDatagram(Local, Remote, bytes));
    }

    public long LastOutbound { get; private set; }

    /// <summary>The retransmission timer fired: send again, or give up.</summary>
    private void OnRetransmitTimer()
    {
        var exchange = _active!;
        var since = Clock.Since(_firstSentAt);
        if (exchange.GiveUp(this, _transmissions, since))
        {
            _retransmitAt = null;
            var transmissions = _transmissions;
            _active = null;
            exchange.OnTimeout(this, transmissions, since);
            return;
        }
        _transmissions++;
        _retransmitAt = Clock.Now + Clock.ToTicks(exchange.WaitAfter(this, _transmissions, since));
        Engine.CountRetransmission();
        Send(_activeRequest!);
    }

    /// <summary>A datagram for this SA (matched by our SPI) arrived.</summary>
    internal void Receive(ReadOnlySpan<byte> datagram, IkeMessage outer, IPEndPoint from, IPEndPoint to)
    {
        if (State == IkeSaState.Closed) return;
        if (outer.IsResponse) HandleResponse(datagram, outer, from, to);
        else HandleRequest(datagram, outer, from, to);
        StartNext();
    }

    private void HandleResponse(ReadOnlySpan<byte> datagram, IkeMessage outer, IPEndPoint from, IPEndPoint to)
    {
        var exchange = _active;
        if (exchange is null || outer.MessageId != _nextRequestId || outer.Exchange != exchange.Type) return;
        IkeMessage message;
        if (exchange.Type == ExchangeType.IkeSaInit)
        {
            // Unauthenticated: accept it only from the address we sent to.
            if (!from.Address.Equals(Remote.Address)) return;
            message = outer;
            LastInitResponse = datagram.ToArray();
        }
        else
        {
            if (!TryOpen(datagram, outer, out message)) return;
            NoteAuthenticatedInbound(from, to);
        }

        ExchangeOutcome outcome;
        _processingResponse = true;
        try
        {
            outcome = exchange.ProcessResponse(this, message);
        }
        finally
        {
            _processingResponse = false;
        }
        if (State == IkeSaState.Closed) return;
        switch (outcome)
        {
            case ExchangeOutcome.Completed:
                if (ReferenceEquals(_active, exchange))
                {
                    _active = null;
                    _retransmitAt = null;
                    _activeRequest = null;
                    _nextRequestId++;
                }
                break;
            case ExchangeOutcome.Resend:
                SendActive();
                break;
            case ExchangeOutcome.Ignore:
                break;
        }
    }

    private void HandleRequest(ReadOnlySpan<byte> datagram, IkeMessage outer, IPEndPoint from, IPEndPoint to)
    {
        var id = outer.MessageId;
        if (_cachedResponse is not null && id == _cachedResponseId && id + 1 == _expectedRequestId)
        {
            // A retransmission: answer from the cache (§2.1), after checking it is really the peer's.
            if (outer.Exchange != ExchangeType.IkeSaInit && !TryOpen(datagram, outer, out _)) return;
            CachedResponsesResent++;
            Emit(new SendDatagram(to, from, _cachedResponse));
            return;
        }
        if (id != _expectedRequestId || outer.Exchange == ExchangeType.IkeSaInit) return;
        if (!TryOpen(datagram, outer, out var message, out var malformed)) return;
        NoteAuthenticatedInbound(from, to);

        IReadOnlyList<IkePayload> response;
        try
        {
            if (malformed is not null) throw malformed;
            response = Responders.Handle(this, message);
        }
        catch (IkeProtocolException e)
        {
            // An authenticated request we cannot parse or process: answer with the error (INVALID_SYNTAX,
            // UNSUPPORTED_CRITICAL_PAYLOAD, §2.21.2) so the Message ID is used and the peer does not wait.
            _afterResponse.Clear();
            response = [new NotifyPayload(e.Notify, e.NotifyData)];
        }
        if (Protection is null) return;

        var header = new IkeHeader(SpiI, SpiR, PayloadType.None, IkeHeader.Ikev2Major, 0, outer.Exchange,
            IkeHeaderFlags.Response | (IsOriginalInitiator ? IkeHeaderFlags.Initiator : IkeHeaderFlags.None), id, 0);
        var bytes = Protection!.Seal(header, response);
        _cachedResponse = bytes;
        _cachedResponseId = id;
        _expectedRequestId = id + 1;
        LastOutbound = Clock.Now;
        Emit(new SendDatagram(to, from, bytes));

        var after = _afterResponse.ToArray();
        _afterResponse.Clear();
        foreach (var action in after) action();
    }

    /// <summary>Caches our IKE_SA_INIT response (responder) so a retransmitted request gets it again.</summary>
    internal void CacheInitResponse(byte[] response)
    {
        InitResponse = response;
        _cachedResponse = response;
        _cachedResponseId = 0;
        _expectedRequestId = 1;
    }

    /// <summary>A retransmitted IKE_SA_INIT request (same SPIi, same bytes): answer it again.</summary>
    internal void ResendInitResponse(IPEndPoint remote, IPEndPoint local)
    {
        CachedResponsesResent++;
        Emit(new SendDatagram(local, remote, InitResponse));
    }

    private bool TryOpen(ReadOnlySpan<byte> datagram, IkeMessage outer, out IkeMessage message) =>
        TryOpen(datagram, outer, out message, out var malformed) && malformed is null;

    /// <summary>
    /// Verifies and decrypts. False: it does not authenticate (drop it silently, §2.21.2). True with
    /// <paramref name="malformed"/> set: it authenticates but its inner payloads are malformed.
    /// </summary>
    private bool TryOpen(ReadOnlySpan<byte> datagram, IkeMessage outer, out IkeMessage message, out IkeProtocolException? malformed)
    {
        message = outer;
        malformed = null;
        if (Protection is null) return false;
        try
        {
            if (!Protection.TryOpen(datagram, outer, out var inner, out _))
            {
                Engine.CountAuthenticationFailure();
                return false;
            }
            message = outer.WithPayloads(inner);
            return true;
        }
        catch (IkeProtocolException e)
        {
            Engine.CountMalformed();
            malformed = e;
            return true;
        }
    }

    /// <summary>
    /// After an IKE SA rekey (its CHILD_SAs already adopted by <paramref name="successor"/>): queued exchanges about
    /// CHILD_SAs move to the successor, the others (about this SA only) are dropped. The active one stays.
    /// </summary>
    internal void HandOverQueued(IkeSa successor)
    {
        var queued = _queue.ToList();
        _queue.Clear();
        foreach (var exchange in queued)
        {
            if (exchange.ForSuccessor(successor) is { } moved) successor.Queue(moved);
            else exchange.Abandon(this);
        }
    }

    /// <summary>Drops every queued and active exchange (the SA is going away).</summary>
    private void AbandonExchanges()
    {
        var all = _queue.ToList();
        if (_active is not null)
        {
            all.Insert(0, _active);
            // Its response is being processed: the Message ID is used up even though the exchange goes away.
            if (_processingResponse) _nextRequestId++;
        }
        _queue.Clear();
        _active = null;
        _retransmitAt = null;
        foreach (var exchange in all) exchange.Abandon(this);
    }
}
