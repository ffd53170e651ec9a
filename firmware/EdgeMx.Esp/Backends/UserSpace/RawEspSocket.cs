using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.DataPlane;
using EdgeMx.Net;
using Microsoft.Extensions.Logging;

namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// ESP straight in IP (protocol 50, no UDP), for peers with no NAT in the path: one raw socket per address family
/// with one receive thread. The kernel writes the outer IP header on send; on receive an IPv4 raw socket hands us
/// the IP header too (skipped), an IPv6 one does not (RFC 3542 §3).
/// </summary>
public sealed partial class RawEspSocket : IDisposable
{
    public const int ProtocolEsp = 50;

    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly UdpEncapsulationSocket.EspReceiver _esp;
    private readonly ILogger _logger;
    private volatile bool _disposed;

    private RawEspSocket(Socket socket, UdpEncapsulationSocket.EspReceiver esp, ILogger logger)
    {
        _socket = socket;
        _esp = esp;
        _logger = logger;
        Family = socket.AddressFamily;
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"esp-raw {Family}" };
        _thread.Start();
    }

    public AddressFamily Family { get; }

    public static RawEspSocket Open(AddressFamily family, UdpEncapsulationSocket.EspReceiver esp, NetworkNamespace? ns, ILogger logger)
    {
        Socket Create()
        {
            // The BCL only maps the protocols it knows to native values, so protocol 50 goes through socket(2).
            var domain = family == AddressFamily.InterNetworkV6 ? 10 : 2; // AF_INET6 / AF_INET
            var fd = Interop.Libc.Socket(domain, Interop.Libc.SOCK_RAW | Interop.Libc.SOCK_CLOEXEC, ProtocolEsp);
            if (fd < 0) throw Interop.Libc.Error($"socket({family}, SOCK_RAW, {ProtocolEsp})");
            Socket socket;
            try
            {
                socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
            }
            catch
            {
                Interop.Libc.Close(fd);
                throw;
            }
            SocketBuffers.Enlarge(socket);
            return socket;
        }
        var socket = ns is null ? Create() : ns.Run(Create);
        return new RawEspSocket(socket, esp, logger);
    }

    public bool TrySend(ReadOnlySpan<byte> esp, EspEndpoints endpoints)
    {
        try
        {
            return _socket.SendTo(esp, SocketFlags.None, endpoints.RemoteRawAddress) == esp.Length;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(Family);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (SocketException e) when (!_disposed)
            {
                LogReceiveError(_logger, Family, e.SocketErrorCode);
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var packet = buffer.AsSpan(0, length);
            if (Family == AddressFamily.InterNetwork)
            {
                if (length < 20) continue;
                var headerLength = (packet[0] & 0x0F) * 4;
                if (headerLength < 20 || headerLength > length) continue;
                packet = packet[headerLength..];
            }
            _esp(packet);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    [LoggerMessage(EventId = 4211, Level = LogLevel.Debug, Message = "raw ESP receive ({Family}): {Error}")]
    private static partial void LogReceiveError(ILogger logger, AddressFamily family, SocketError error);
}
