using System.Net;
using System.Text;

namespace EdgeMx.Net.Dns;

/// <summary>
/// The name servers the OS is configured with (resolv.conf(5): "nameserver ADDRESS" lines, at most three are used,
/// as glibc's MAXNS). Read so that probes can ask the OS's servers through a chosen uplink instead of letting the
/// system resolver pick whatever route the main table has.
/// </summary>
public static class ResolvConf
{
    public const string SystemPath = "/etc/resolv.conf";

    /// <summary>glibc uses the first three nameserver lines only (MAXNS).</summary>
    public const int MaxServers = 3;

    /// <summary>Bound on what is read: a resolv.conf is a few hundred bytes; anything past this is ignored.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The nameserver addresses in <paramref name="text"/>, in order, at most <see cref="MaxServers"/>; malformed lines are skipped.</summary>
    public static IReadOnlyList<IPAddress> Parse(string text)
    {
        var servers = new List<IPAddress>(MaxServers);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || fields[0] != "nameserver") continue;
            // An IPv6 server may carry a zone ("fe80::1%eth0"); IPAddress.TryParse understands it.
            if (!IPAddress.TryParse(fields[1], out var address)) continue;
            servers.Add(address);
            if (servers.Count == MaxServers) break;
        }
        return servers;
    }

    /// <summary>The system's name servers; none when the file is missing or unreadable.</summary>
    public static IReadOnlyList<IPAddress> Read(string path = SystemPath)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[MaxBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0) length += read;
            return Parse(Encoding.UTF8.GetString(buffer, 0, length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
