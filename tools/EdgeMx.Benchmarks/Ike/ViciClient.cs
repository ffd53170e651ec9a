using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>
/// The smallest client of strongSwan's vici protocol that the IKE benchmark needs: one command request, its
/// response. Wire format (strongSwan src/libcharon/plugins/vici/README.md): a 32-bit big-endian length, the packet
/// type (0 CMD_REQUEST, 1 CMD_RESPONSE, 2 CMD_UNKNOWN), for a request the command name (8-bit length), then the
/// message as KEY_VALUE elements (3, 8-bit key length, key, 16-bit value length, value). The benchmark drives the
/// reference initiator through vici rather than by spawning swanctl, so that both sides are timed from a call in
/// an already-running process to "CHILD_SA installed" (charon answers `initiate` with a timeout after the child's
/// up event, which follows the kernel-libipsec install).
/// </summary>
internal sealed class ViciClient : IDisposable
{
    private const byte CmdRequest = 0, CmdResponse = 1, CmdUnknown = 2, EventType = 7;
    private const byte SectionStart = 1, SectionEnd = 2, KeyValue = 3, ListStart = 4, ListItem = 5, ListEnd = 6;
    private readonly Socket _socket;

    public ViciClient(string path)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(path));
    }

    /// <summary>Sends a command and returns the top-level key/values of the response.</summary>
    public async Task<Dictionary<string, string>> CallAsync(string command, params (string Key, string Value)[] args)
    {
        var body = new List<byte> { CmdRequest, (byte)command.Length };
        body.AddRange(Encoding.ASCII.GetBytes(command));
        foreach (var (key, value) in args)
        {
            var v = Encoding.UTF8.GetBytes(value);
            body.Add(KeyValue);
            body.Add((byte)key.Length);
            body.AddRange(Encoding.ASCII.GetBytes(key));
            body.Add((byte)(v.Length >> 8));
            body.Add((byte)v.Length);
            body.AddRange(v);
        }
        var packet = new byte[4 + body.Count];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)body.Count);
        body.CopyTo(packet, 4);
        await _socket.SendAsync(packet).ConfigureAwait(false);
        while (true)
        {
            var reply = await ReadPacketAsync().ConfigureAwait(false);
            switch (reply[0])
            {
                case CmdResponse:
                    return Parse(reply.AsSpan(1));
                case CmdUnknown:
                    throw new InvalidOperationException($"vici: charon does not know the command '{command}'");
                case EventType:
                    continue; // not registered for events; tolerate them anyway
                default:
                    throw new InvalidOperationException($"vici: unexpected packet type {reply[0]}");
            }
        }
    }

    /// <summary>Runs a command that reports success/errmsg and throws with charon's message when it failed.</summary>
    public async Task CheckedCallAsync(string command, params (string Key, string Value)[] args)
    {
        var response = await CallAsync(command, args).ConfigureAwait(false);
        if (!response.TryGetValue("success", out var success) || success != "yes")
            throw new InvalidOperationException($"vici {command} failed: {response.GetValueOrDefault("errmsg", "(no message)")}");
    }

    private async Task<byte[]> ReadPacketAsync()
    {
        var header = new byte[4];
        await ReadExactlyAsync(header).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is 0 or > 1 << 20) throw new InvalidDataException($"vici: packet length {length}");
        var packet = new byte[length];
        await ReadExactlyAsync(packet).ConfigureAwait(false);
        return packet;
    }

    private async Task ReadExactlyAsync(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(read)).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException("vici: charon closed the connection");
            read += n;
        }
    }

    /// <summary>Top-level key/values only; sections and lists are skipped (bounds-checked).</summary>
    private static Dictionary<string, string> Parse(ReadOnlySpan<byte> message)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var depth = 0;
        var i = 0;
        while (i < message.Length)
        {
            var type = message[i++];
            switch (type)
            {
                case SectionStart or ListStart:
                    i += 1 + Need(message, i, 1, message[i]);
                    depth++;
                    break;
                case SectionEnd or ListEnd:
                    depth--;
                    break;
                case ListItem:
                    Need(message, i, 2, 0);
                    i += 2 + Need(message, i, 2, BinaryPrimitives.ReadUInt16BigEndian(message[i..]));
                    break;
                case KeyValue:
                {
                    Need(message, i, 1, 0);
                    var keyLength = message[i];
                    var key = Encoding.ASCII.GetString(message.Slice(i + 1, Need(message, i, 1, keyLength)));
                    i += 1 + keyLength;
                    Need(message, i, 2, 0);
                    var valueLength = BinaryPrimitives.ReadUInt16BigEndian(message[i..]);
                    var value = Encoding.UTF8.GetString(message.Slice(i + 2, Need(message, i, 2, valueLength)));
                    i += 2 + valueLength;
                    if (depth == 0) result[key] = value;
                    break;
                }
                default:
                    throw new InvalidDataException($"vici: unknown element type {type}");
            }
        }
        return result;
    }

    private static int Need(ReadOnlySpan<byte> message, int at, int header, int length) =>
        at + header + length <= message.Length ? length : throw new InvalidDataException("vici: truncated message");

    public void Dispose() => _socket.Dispose();
}
