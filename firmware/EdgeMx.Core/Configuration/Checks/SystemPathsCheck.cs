using System.Text;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>The control socket path fits a sockaddr_un; the journal and the socket are different files.</summary>
public sealed class SystemPathsCheck : IConfigCheck
{
    // sun_path is 108 bytes including the terminating NUL (unix(7)).
    private const int MaxSocketPathBytes = 107;

    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        var socket = config.ControlSocket.Path;
        if (Encoding.UTF8.GetByteCount(socket) > MaxSocketPathBytes)
            context.Error("$.controlSocket.path", $"is {Encoding.UTF8.GetByteCount(socket)} bytes long; a Unix socket path may have at most {MaxSocketPathBytes}");
        if (string.Equals(socket, config.EventLog.Path, StringComparison.Ordinal))
            context.Error("$.eventLog.path", "is the same file as the control socket");
    }
}
