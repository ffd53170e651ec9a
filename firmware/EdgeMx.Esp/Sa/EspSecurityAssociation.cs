using EdgeMx.Esp.Transform;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Esp.Sa;

/// <summary>
/// What both directions of an ESP SA share: SPI, cipher suite and the per-direction crypto objects, ESN, lifetime
/// tracking and traffic counters. Packet processing for one SA is serialised by a lock that is uncontended in
/// normal operation (one thread per direction); it also makes removal safe while a packet is in flight — a removed
/// SA's ciphers are disposed under the same lock and it drops what still reaches it.
/// </summary>
public abstract class EspSecurityAssociation : IDisposable
{
    private protected readonly object Gate = new();
    private protected readonly EspCipher Cipher;
    private protected long PacketCount;
    private protected long ByteCount;
    private protected bool Disposed;
    private readonly long _installedTimestamp;
    private readonly TimeProvider _time;
    private long _lastUsedTimestamp = long.MinValue;
    private int _state;
    private bool _softReported;
    private bool _hardReported;
    private protected EspSaExpiryReason? PendingHardReason;

    private protected EspSecurityAssociation(EspSaDirection direction, uint spi, EspCipherSuite suite, EspKeyMaterial keys,
        bool extendedSequenceNumbers, EspSaLifetime lifetime, ICryptoProvider crypto, TimeProvider time)
    {
        if (spi < EspPacket.MinimumSpi) throw new ArgumentOutOfRangeException(nameof(spi), spi, "SPIs 0-255 are reserved (RFC 4303 §2.1)");
        lifetime.Validate();
        Direction = direction;
        Spi = spi;
        Suite = suite;
        ExtendedSequenceNumbers = extendedSequenceNumbers;
        Lifetime = lifetime;
        _time = time;
        _installedTimestamp = time.GetTimestamp();
        InstalledAt = time.GetUtcNow();
        Cipher = EspCipher.Create(suite, keys, crypto);
    }

    public EspSaDirection Direction { get; }
    public uint Spi { get; }
    public EspCipherSuite Suite { get; }
    public bool ExtendedSequenceNumbers { get; }
    public EspSaLifetime Lifetime { get; }
    public DateTimeOffset InstalledAt { get; }

    /// <summary>Inner (cleartext IP) packets carried.</summary>
    public long Packets => Volatile.Read(ref PacketCount);

    /// <summary>Inner (cleartext IP) octets carried, as `swanctl --list-sas` and XFRM count them.</summary>
    public long Bytes => Volatile.Read(ref ByteCount);

    public EspDropCounters Drops { get; } = new();

    private int _tunnelMtu;

    /// <summary>The tunnel MTU of the CHILD_SA this SA belongs to (0 = unknown): the MSS clamp of its SYNs.</summary>
    public int TunnelMtu
    {
        get => Volatile.Read(ref _tunnelMtu);
        internal set => Volatile.Write(ref _tunnelMtu, value);
    }

    public EspSaLifetimeState State => (EspSaLifetimeState)Volatile.Read(ref _state);

    /// <summary>Time since the last packet this SA carried, or null if it has carried none.</summary>
    public TimeSpan? IdleFor
    {
        get
        {
            var last = Volatile.Read(ref _lastUsedTimestamp);
            return last == long.MinValue ? null : _time.GetElapsedTime(last);
        }
    }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the last packet carried, null if none.</summary>
    public long? LastUsedTimestamp
    {
        get
        {
            var last = Volatile.Read(ref _lastUsedTimestamp);
            return last == long.MinValue ? null : last;
        }
    }

    public TimeSpan Age => _time.GetElapsedTime(_installedTimestamp);

    /// <summary>
    /// Evaluates the lifetime against the clock and the counters and returns the event IKE must hear about, if
    /// one is due now (soft first, hard later; each once). Called by the data plane's lifetime timer.
    /// </summary>
    public EspSaExpiry? CheckLifetime()
    {
        lock (Gate)
        {
            var age = Age;
            EspSaExpiryReason? hard = PendingHardReason
                ?? (Lifetime.HardTime is { } ht && age >= ht ? EspSaExpiryReason.Time
                    : Lifetime.HardBytes is { } hb && ByteCount >= hb ? EspSaExpiryReason.Bytes
                    : Lifetime.HardPackets is { } hp && PacketCount >= hp ? EspSaExpiryReason.Packets
                    : null);
            if (hard is { } hardReason)
            {
                _state = (int)EspSaLifetimeState.HardExpired;
                if (_hardReported) return null;
                _hardReported = _softReported = true;
                return new EspSaExpiry(Spi, Direction, Hard: true, hardReason);
            }
            var soft = SoftSequenceReached() ? EspSaExpiryReason.SequenceNumbers
                : Lifetime.SoftTime is { } st && age >= st ? EspSaExpiryReason.Time
                : Lifetime.SoftBytes is { } sb && ByteCount >= sb ? EspSaExpiryReason.Bytes
                : Lifetime.SoftPackets is { } sp && PacketCount >= sp ? EspSaExpiryReason.Packets
                : (EspSaExpiryReason?)null;
            if (soft is { } softReason && !_softReported)
            {
                _softReported = true;
                _state = (int)EspSaLifetimeState.SoftExpired;
                return new EspSaExpiry(Spi, Direction, Hard: false, softReason);
            }
            return null;
        }
    }

    /// <summary>Called under the lock after each packet this SA carried: counts it and enforces the hard byte and
    /// packet limits at once (the time limit is the timer's).</summary>
    private protected void CountCarried(int innerLength)
    {
        PacketCount++;
        ByteCount += innerLength;
        _lastUsedTimestamp = _time.GetTimestamp();
        if (Lifetime.HardBytes is { } hb && ByteCount >= hb) PendingHardReason ??= EspSaExpiryReason.Bytes;
        else if (Lifetime.HardPackets is { } hp && PacketCount >= hp) PendingHardReason ??= EspSaExpiryReason.Packets;
        if (PendingHardReason is not null) _state = (int)EspSaLifetimeState.HardExpired;
    }

    /// <summary>True once the SA may carry nothing more; checked under the lock before every packet.</summary>
    private protected bool IsUnusable => Disposed || _state == (int)EspSaLifetimeState.HardExpired;

    private protected virtual bool SoftSequenceReached() => false;

    public void Dispose()
    {
        lock (Gate)
        {
            if (Disposed) return;
            Disposed = true;
            _state = (int)EspSaLifetimeState.HardExpired;
            Cipher.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{Direction.ToString().ToLowerInvariant()} SA {Spi:x8} {Suite.Name}{(ExtendedSequenceNumbers ? "/ESN" : "")}";
}
