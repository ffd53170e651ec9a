using System.Buffers.Binary;
using EdgeMx.Hal.Crypto;
using EdgeMx.Ike.Config;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// The IKEv2 engine: all IKE SAs of one process, in both roles, as a pure state machine. Inputs are received
/// datagrams (<see cref="Receive"/>), the passing of time (<see cref="OnTimer"/> once <see cref="NextTimerAt"/> is
/// reached) and commands (<see cref="Initiate"/>, <see cref="Terminate"/>, rekey, redirect); every call returns the
/// actions the host must carry out (datagrams to send, CHILD_SAs to install or remove, events). Time comes only from
/// the <see cref="TimeProvider"/>; randomness (SPIs, nonces, jitter) only from the crypto provider. Not
/// thread-safe: the host calls it from one loop.
/// <para>Split by concern: IkeEngine.Receive.cs (dispatch), IkeEngine.Responder.cs (half-open SAs, cookies,
/// candidate connections), IkeEngine.Connections.cs (initiating, reconnecting, redirects, rekeyed SAs),
/// IkeEngine.Timers.cs.</para>
/// </summary>
public sealed partial class IkeEngine
{
    private readonly List<IkeAction> _actions = [];
    private readonly Dictionary<ulong, IkeSa> _sas = [];
    private readonly HashSet<ulong> _reservedIkeSpis = [];
    private readonly Dictionary<uint, (IkeSa Sa, ChildSa Child)?> _childSpis = [];
    private long _uniqueIds;

    public IkeEngine(ICryptoProvider crypto, TimeProvider time, IkeEngineOptions? options = null)
    {
        Crypto = crypto;
        Options = options ?? new IkeEngineOptions();
        Clock = new Clock(time);
        _cookies = new CookieGenerator(crypto, Clock, Options.CookieSecretLifetime);
    }

    public ICryptoProvider Crypto { get; }

    public IkeEngineOptions Options { get; }

    public IkeEngineCounters Counters { get; } = new();

    internal Clock Clock { get; }

    /// <summary>Every IKE SA the engine holds (any state but closed). Read it from the host's loop only.</summary>
    public IReadOnlyCollection<IkeSa> Sas => _sas.Values;

    internal void Emit(IkeAction action) => _actions.Add(action);

    /// <summary>Ends a public call: reschedules timers of the SAs it touched and hands the actions to the host.</summary>
    private IReadOnlyList<IkeAction> Finish()
    {
        RescheduleTouched();
        if (_actions.Count == 0) return [];
        var actions = _actions.ToArray();
        _actions.Clear();
        return actions;
    }

    internal long NextUniqueId() => ++_uniqueIds;

    /// <summary>A uniform double in [0, 1) from the crypto provider's randomness (rekey jitter, retry delays).</summary>
    internal double NextRandomFraction()
    {
        Span<byte> bytes = stackalloc byte[8];
        Crypto.GetRandomBytes(bytes);
        return (BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A fresh, unused, non-zero IKE SPI (RFC 7296 §2.6: SPIs are random and must not be zero), inside
    /// this engine's <see cref="IkeEngineOptions.SpiPartition"/>.</summary>
    internal ulong AllocateIkeSpi()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            Crypto.GetRandomBytes(bytes);
            var spi = Options.SpiPartition.Fit(BinaryPrimitives.ReadUInt64BigEndian(bytes));
            if (spi != 0 && !_sas.ContainsKey(spi) && _reservedIkeSpis.Add(spi)) return spi;
        }
    }

    internal void ReleaseIkeSpi(ulong spi)
    {
        if (!_sas.ContainsKey(spi)) _reservedIkeSpis.Remove(spi);
    }

    /// <summary>A fresh ESP SPI for our inbound SA; 1–255 are reserved (RFC 4303 §2.1). Inside this engine's
    /// <see cref="IkeEngineOptions.SpiPartition"/>, so engines sharing one data plane never pick the same one.</summary>
    internal uint AllocateChildSpi()
    {
        Span<byte> bytes = stackalloc byte[4];
        while (true)
        {
            Crypto.GetRandomBytes(bytes);
            var spi = Options.SpiPartition.Fit(BinaryPrimitives.ReadUInt32BigEndian(bytes));
            if (spi >= 0x100 && _childSpis.TryAdd(spi, null)) return spi;
        }
    }

    internal void ReleaseChildSpi(uint spi) => _childSpis.Remove(spi);

    internal void IndexChild(IkeSa sa, ChildSa child) => _childSpis[child.InboundSpi] = (sa, child);

    /// <summary>Wait before another attempt after <paramref name="failures"/> failures: doubling, capped.</summary>
    internal TimeSpan Backoff(IkeConnectionSettings settings, int failures)
    {
        var ticks = settings.ReconnectDelay.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 16));
        return TimeSpan.FromTicks((long)Math.Min(ticks, settings.MaxReconnectDelay.Ticks));
    }

    internal void Register(IkeSa sa)
    {
        _reservedIkeSpis.Remove(sa.OurSpi);
        _sas[sa.OurSpi] = sa;
        Touch(sa);
    }

    internal void Unregister(IkeSa sa)
    {
        if (_sas.TryGetValue(sa.OurSpi, out var registered) && ReferenceEquals(registered, sa)) _sas.Remove(sa.OurSpi);
        RemoveHalfOpen(sa);
    }

    internal void CountRetransmission() => Counters.Retransmissions++;

    internal void CountAuthenticationFailure() => Counters.AuthenticationFailures++;

    internal void CountMalformed() => Counters.Malformed++;

    /// <summary>
    /// Traffic counters from the data plane, for status and on-demand DPD (ESP from the peer means it lives; ESP to it
    /// with nothing back calls for a liveness check). The host calls it from its loop, like every other input; a
    /// check it makes due shows in <see cref="NextTimerAt"/>.
    /// </summary>
    public void ReportUsage(uint inboundSpi, DataPlane.ChildSaUsage usage)
    {
        if (!_childSpis.TryGetValue(inboundSpi, out var entry) || entry is not { } found) return;
        found.Child.NoteUsage(usage, Clock.Now);
        found.Sa.OnTrafficReported();
        RescheduleTouched();
    }
}
