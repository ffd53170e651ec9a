using EdgeMx.Esp.Backends.UserSpace;
using EdgeMx.Esp.DataPlane;

namespace EdgeMx.Appliance.DataPlane;

/// <summary>
/// The seam between the data plane and the IKE transport, which owns the port-4500 sockets (RFC 3948: ESP and IKE
/// share the NAT mapping). The tunnel service attaches its transport here and points its ESP receive hook at
/// <see cref="DataPlaneService.ReceiveEsp"/>; until it does, outbound ESP in UDP has nowhere to go and is counted as
/// a send failure.
/// </summary>
public sealed class EspUdpTransportRelay : IEspUdpTransport
{
    private volatile IEspUdpTransport? _transport;

    public void Attach(IEspUdpTransport transport) => _transport = transport;

    public void Detach(IEspUdpTransport transport) => Interlocked.CompareExchange(ref _transport, null, transport);

    public bool TrySendEsp(ReadOnlySpan<byte> esp, EspEndpoints endpoints) => _transport?.TrySendEsp(esp, endpoints) ?? false;

    public int TrySendEspRun(ReadOnlySpan<EspDatagram> packets, EspEndpoints endpoints) => _transport?.TrySendEspRun(packets, endpoints) ?? 0;
}
