using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeMx.Net.Links;

namespace EdgeMx.Net.Sockets;

/// <summary>
/// Creates sockets tied to one uplink: bound to its device with SO_BINDTODEVICE (so they send and receive only
/// there, whatever the routing table says) and bound to its address (so replies come back to this uplink and
/// per-uplink policy routing applies). Used by the connection probes and by IKE (UDP 500/4500).
/// </summary>
public static class BoundSocket
{
    public const int SolSocket = 1;       // SOL_SOCKET
    public const int SoBindToDevice = 25; // SO_BINDTODEVICE

    /// <summary>Creates the socket (in the binding's namespace when it has one), binds device, then address and port.</summary>
    public static Socket Create(UplinkBinding binding, AddressFamily family, SocketType type, ProtocolType protocol, int localPort = 0,
        bool reuseAddress = false)
    {
        ArgumentNullException.ThrowIfNull(binding);
        LinkMessages.CheckName(binding.Device);
        if (binding.Source is { } source && source.AddressFamily != family)
            throw new ArgumentException($"source {source} is not {family}", nameof(binding));
        return binding.Namespace is { } ns
            ? ns.Run(() => CreateHere(binding, family, type, protocol, localPort, reuseAddress))
            : CreateHere(binding, family, type, protocol, localPort, reuseAddress);
    }

    /// <summary>A UDP socket on the uplink, e.g. for IKE on port 500 or 4500.</summary>
    public static Socket CreateUdp(UplinkBinding binding, int localPort = 0, bool reuseAddress = false) =>
        Create(binding, binding.Source?.AddressFamily ?? AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp, localPort, reuseAddress);

    private static Socket CreateHere(UplinkBinding binding, AddressFamily family, SocketType type, ProtocolType protocol, int localPort, bool reuseAddress)
    {
        var socket = new Socket(family, type, protocol);
        try
        {
            BindToDevice(socket, binding.Device);
            if (reuseAddress) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (binding.Source is not null || localPort != 0)
            {
                var any = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                socket.Bind(new IPEndPoint(binding.Source ?? any, localPort));
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>SO_BINDTODEVICE: the kernel wants the interface name, NUL-terminated.</summary>
    public static void BindToDevice(Socket socket, string device)
    {
        LinkMessages.CheckName(device);
        Span<byte> name = stackalloc byte[LinkMessages.MaxNameLength + 1];
        name.Clear();
        var length = Encoding.ASCII.GetBytes(device, name);
        socket.SetRawSocketOption(SolSocket, SoBindToDevice, name[..(length + 1)]);
    }
}
