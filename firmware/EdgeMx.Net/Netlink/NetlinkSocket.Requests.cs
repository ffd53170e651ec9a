using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace EdgeMx.Net.Netlink;

public sealed partial class NetlinkSocket
{
    /// <summary>How many times a dump the kernel marked inconsistent (NLM_F_DUMP_INTR) is started again.</summary>
    public const int DumpAttempts = 5;

    /// <summary>
    /// Sends one request with NLM_F_ACK and waits for its ACK; an NLMSG_ERROR with a negative errno becomes a
    /// <see cref="NetlinkException"/> naming <paramref name="operation"/>.
    /// </summary>
    public async Task RequestAsync(NetlinkMessageWriter request, string operation, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = StartTimeout(cancellationToken);
            var sequence = await SendAsync(request, NetlinkFlags.Ack, operation, timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var received = await ReceiveReplyAsync(operation, timeout, cancellationToken).ConfigureAwait(false);
                if (ScanForAck(received, sequence, operation)) return;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sends a dump request (NLM_F_DUMP) and collects every message of the multipart reply up to NLMSG_DONE through
    /// <paramref name="parse"/>. A dump the kernel marks interrupted is repeated so the caller sees one consistent table.
    /// </summary>
    public async Task<List<T>> DumpAsync<T>(NetlinkMessageWriter request, string operation, NetlinkReplyParser<T> parse,
        CancellationToken cancellationToken = default) where T : class
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var timeout = StartTimeout(cancellationToken);
                var sequence = await SendAsync(request, NetlinkFlags.Dump, operation, timeout.Token).ConfigureAwait(false);
                var results = new List<T>();
                var state = new DumpState();
                while (!state.Done)
                {
                    var received = await ReceiveReplyAsync(operation, timeout, cancellationToken).ConfigureAwait(false);
                    ScanDump(received, sequence, operation, parse, results, ref state);
                }
                if (!state.Interrupted) return results;
                if (attempt == DumpAttempts)
                    throw new NetlinkException($"{operation}: the table kept changing during {DumpAttempts} dumps", NetlinkException.EINVAL);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private struct DumpState
    {
        public bool Done;
        public bool Interrupted;
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(RequestTimeout);
        return cts;
    }

    private async Task<uint> SendAsync(NetlinkMessageWriter request, NetlinkFlags extraFlags, string operation, CancellationToken token)
    {
        if (request.Length < NetlinkMessageHeader.Size) throw new ArgumentException("empty netlink request", nameof(request));
        var sequence = ++_sequence;
        // Patch sequence and flags into the built message; the writer stays reusable by its owner.
        var bytes = request.WrittenMemory;
        var copy = bytes.ToArray();
        MemoryMarshal.Write(copy.AsSpan(NetlinkMessageHeader.SequenceOffset), in sequence);
        var flags = (ushort)(MemoryMarshal.Read<ushort>(copy.AsSpan(NetlinkMessageHeader.FlagsOffset)) | (ushort)extraFlags | (ushort)NetlinkFlags.Request);
        MemoryMarshal.Write(copy.AsSpan(NetlinkMessageHeader.FlagsOffset), in flags);
        try
        {
            // Unconnected netlink sockets send to the kernel (nl_pid 0) by default.
            var sent = await _socket.SendAsync(copy, SocketFlags.None, token).ConfigureAwait(false);
            if (sent != copy.Length) throw new NetlinkException(operation, EMSGSIZE, $"sent {sent} of {copy.Length} bytes");
        }
        catch (SocketException e)
        {
            throw new NetlinkException(operation, ToErrno(e), inner: e);
        }
        return sequence;
    }

    private async Task<int> ReceiveReplyAsync(string operation, CancellationTokenSource timeout, CancellationToken callerToken)
    {
        try
        {
            var received = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.Truncated, timeout.Token).ConfigureAwait(false);
            if (received > _buffer.Length)
                throw new NetlinkException(operation, EMSGSIZE, $"reply datagram of {received} bytes exceeds the {_buffer.Length}-byte buffer");
            return received;
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw new NetlinkException(operation, NetlinkException.ETIMEDOUT, $"no reply within {RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new NetlinkException(operation, ToErrno(e), inner: e);
        }
    }

    private bool ScanForAck(int received, uint sequence, string operation)
    {
        var reader = new NetlinkMessageReader(_buffer.AsSpan(0, received));
        while (reader.TryRead(out var message))
        {
            if (!IsOurs(message, sequence)) continue;
            if (message.Type != NetlinkMessageType.Error) continue; // e.g. an NLM_F_ECHO copy; the ACK follows
            var error = message.ReadError(out var kernelMessage);
            if (error == 0) return true;
            throw new NetlinkException(operation, -error, kernelMessage);
        }
        return false;
    }

    private void ScanDump<T>(int received, uint sequence, string operation, NetlinkReplyParser<T> parse, List<T> results,
        ref DumpState state) where T : class
    {
        var reader = new NetlinkMessageReader(_buffer.AsSpan(0, received));
        while (reader.TryRead(out var message))
        {
            if (!IsOurs(message, sequence)) continue;
            if ((message.Flags & NetlinkFlags.DumpInterrupted) != 0) state.Interrupted = true;
            switch (message.Type)
            {
                case NetlinkMessageType.Done:
                    // NLMSG_DONE carries an int: a negative errno when the dump itself failed.
                    if (message.Payload.Length >= sizeof(int))
                    {
                        var error = MemoryMarshal.Read<int>(message.Payload);
                        if (error < 0) throw new NetlinkException(operation, -error);
                    }
                    state.Done = true;
                    return;
                case NetlinkMessageType.Error:
                    var code = message.ReadError(out var kernelMessage);
                    if (code < 0) throw new NetlinkException(operation, -code, kernelMessage);
                    break;
                case NetlinkMessageType.Noop:
                    break;
                case NetlinkMessageType.Overrun:
                    throw new NetlinkException(operation, NetlinkException.ENOBUFS, "NLMSG_OVERRUN");
                default:
                    if (parse(message) is { } value) results.Add(value);
                    break;
            }
        }
    }

    private bool IsOurs(NetlinkMessage message, uint sequence) =>
        message.Sequence == sequence && (message.Header.PortId == PortId || message.Header.PortId == 0);
}
