using System.Net.Sockets;

namespace EdgeMx.Net.Probes;

/// <summary>Maps socket errors to probe failures.</summary>
internal static class SocketFailures
{
    public static ProbeFailure Classify(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => ProbeFailure.Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => ProbeFailure.Reset,
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown => ProbeFailure.Unreachable,
        SocketError.TimedOut => ProbeFailure.Timeout,
        _ => ProbeFailure.LocalError,
    };

    public static string Describe(SocketException e) => $"{e.SocketErrorCode}: {e.Message}";
}
