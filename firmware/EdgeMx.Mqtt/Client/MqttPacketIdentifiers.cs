namespace EdgeMx.Mqtt.Client;

/// <summary>
/// Packet Identifiers for one session (MQTT 5.0 §2.2.1): non-zero, unique among the packets still awaiting an
/// acknowledgement, reusable once acknowledged. Allocated round-robin so a late duplicate acknowledgement is
/// unlikely to hit a fresh packet.
/// </summary>
public sealed class MqttPacketIdentifiers
{
    private readonly HashSet<ushort> _inUse = [];
    private ushort _last;

    public int InUse => _inUse.Count;

    /// <summary>Next free identifier, or 0 when all 65,535 are taken (the in-flight limit prevents that).</summary>
    public ushort Allocate()
    {
        if (_inUse.Count == ushort.MaxValue) return 0;
        do
        {
            _last = _last == ushort.MaxValue ? (ushort)1 : (ushort)(_last + 1);
        }
        while (!_inUse.Add(_last));
        return _last;
    }

    /// <summary>Marks an identifier as taken (an original identifier kept across a reconnect, §4.4).</summary>
    public bool Reserve(ushort id) => id != 0 && _inUse.Add(id);

    public bool Release(ushort id) => _inUse.Remove(id);

    public void Clear() => _inUse.Clear();
}
