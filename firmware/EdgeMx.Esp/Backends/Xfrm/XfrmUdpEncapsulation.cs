using System.Net.Sockets;

namespace EdgeMx.Esp.Backends.Xfrm;

/// <summary>
/// With the kernel backend, ESP in UDP (RFC 3948) arriving on the IKE socket's port 4500 must be decapsulated by the
/// kernel: the socket's owner sets UDP_ENCAP_ESPINUDP on it, after which the kernel hands it only datagrams with the
/// non-ESP marker (IKE) and keepalives, and feeds ESP to XFRM itself (what strongSwan's socket-default does).
/// </summary>
public static class XfrmUdpEncapsulation
{
    public const int SolUdp = 17;    // SOL_UDP (= IPPROTO_UDP)
    public const int UdpEncap = 100; // UDP_ENCAP (linux/udp.h)

    public static void Enable(Socket socket) =>
        socket.SetRawSocketOption(SolUdp, UdpEncap, BitConverter.GetBytes((int)XfrmUapi.UdpEncapEspInUdp));
}
