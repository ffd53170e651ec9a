using System.Collections.Frozen;

namespace EdgeMx.Esp.Sa;

/// <summary>
/// The inbound SAD: SPI to SA (RFC 4301 §4.4.2; for unicast ESP the SPI alone identifies the SA). Lookups are
/// lock-free over a frozen dictionary replaced on every change.
/// </summary>
public sealed class SecurityAssociationDatabase
{
    private readonly object _gate = new();
    private volatile FrozenDictionary<uint, EspInboundSa> _inbound = FrozenDictionary<uint, EspInboundSa>.Empty;

    public int Count => _inbound.Count;

    public IEnumerable<EspInboundSa> All => _inbound.Values;

    public bool TryGet(uint spi, out EspInboundSa sa) => _inbound.TryGetValue(spi, out sa!);

    public void Add(EspInboundSa sa)
    {
        lock (_gate)
        {
            if (_inbound.ContainsKey(sa.Spi)) throw new InvalidOperationException($"inbound SPI 0x{sa.Spi:x8} is installed already");
            var next = new Dictionary<uint, EspInboundSa>(_inbound) { [sa.Spi] = sa };
            _inbound = next.ToFrozenDictionary();
        }
    }

    public EspInboundSa? Remove(uint spi)
    {
        lock (_gate)
        {
            if (!_inbound.TryGetValue(spi, out var sa)) return null;
            var next = new Dictionary<uint, EspInboundSa>(_inbound);
            next.Remove(spi);
            _inbound = next.ToFrozenDictionary();
            return sa;
        }
    }
}
