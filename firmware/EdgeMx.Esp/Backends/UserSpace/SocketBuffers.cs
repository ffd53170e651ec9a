using System.Net.Sockets;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>Large socket buffers for the data-plane sockets, so a burst does not overflow between two reads.</summary>
internal static class SocketBuffers
{
    private const int SolSocket = 1;
    private const int SoSndBufForce = 32; // SO_SNDBUFFORCE: root may exceed net.core.wmem_max
    private const int SoRcvBufForce = 33; // SO_RCVBUFFORCE
    public const int Size = 4 << 20;

    public static void Enlarge(Socket socket)
    {
        Span<byte> value = stackalloc byte[4];
        BitConverter.TryWriteBytes(value, Size);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, value);
            socket.SetRawSocketOption(SolSocket, SoSndBufForce, value);
        }
        catch (SocketException)
        {
            // Not root: the plain options, capped by net.core.rmem_max / wmem_max.
            socket.ReceiveBufferSize = Size;
            socket.SendBufferSize = Size;
        }
    }
}
