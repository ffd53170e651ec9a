using System.Net.Sockets;
using EdgeMx.Net;

namespace EdgeMx.Lab.Tests.DataPlane;

/// <summary>
/// Sockets made inside a lab node's network namespace. Linux ties a socket to the namespace it was created in for
/// its whole life, so the test process itself can be the LAN client, the hub's private host, a tap on the
/// appliance's WAN or a forger at the ISP, and check every datagram and byte it sends and receives.
/// </summary>
internal static class NamespaceSockets
{
    private const int SolSocket = 1;
    private const int SoRcvBufForce = 33; // SO_RCVBUFFORCE: as root, past net.core.rmem_max

    /// <summary>An IPv4 socket created in <paramref name="node"/>'s namespace.</summary>
    public static Socket Open(Lab lab, string node, SocketType type, ProtocolType protocol)
    {
        using var ns = NetworkNamespace.Open(lab.Namespace(node));
        return ns.Run(() => new Socket(AddressFamily.InterNetwork, type, protocol));
    }

    /// <summary>
    /// A large receive buffer: a receiver in the test process may be descheduled for a while on a loaded machine,
    /// and what overflows its socket would look like loss in the tunnel.
    /// </summary>
    public static Socket WithLargeReceiveBuffer(this Socket socket, int bytes = 8 << 20)
    {
        socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(bytes));
        return socket;
    }
}
