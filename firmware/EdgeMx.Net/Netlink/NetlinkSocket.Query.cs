using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

public sealed partial class NetlinkSocket
{
    /// <summary>
    /// Sends a GET request for one object (no dump) and returns its single reply parsed by <paramref name="parse"/>,
    /// or null when the kernel answers that the object does not exist (ENODEV, ENOENT, ESRCH).
    /// </summary>
    public async Task<T?> QueryAsync<T>(NetlinkMessageWriter request, string operation, NetlinkReplyParser<T> parse,
        CancellationToken cancellationToken = default) where T : class
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = StartTimeout(cancellationToken);
            var sequence = await SendAsync(request, NetlinkFlags.None, operation, timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var received = await ReceiveReplyAsync(operation, timeout, cancellationToken).ConfigureAwait(false);
                if (ScanForReply(received, sequence, operation, parse, out var value)) return value;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool ScanForReply<T>(int received, uint sequence, string operation, NetlinkReplyParser<T> parse, out T? value) where T : class
    {
        value = null;
        var reader = new NetlinkMessageReader(_buffer.AsSpan(0, received));
        while (reader.TryRead(out var message))
        {
            if (!IsOurs(message, sequence)) continue;
            if (message.Type == NetlinkMessageType.Error)
            {
                var error = message.ReadError(out var kernelMessage);
                if (error == 0) return true;
                var exception = new NetlinkException(operation, -error, kernelMessage);
                if (exception.NotFound) return true;
                throw exception;
            }
            value = parse(message);
            return true;
        }
        return false;
    }
}
