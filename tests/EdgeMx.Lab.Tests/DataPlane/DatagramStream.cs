using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace EdgeMx.Lab.Tests.DataPlane;

/// <summary>
/// A paced stream of numbered UDP datagrams from one lab node to another (through the tunnel when the nodes are the
/// LAN client and a hub's private host). Both ends are sockets of the test process made in the nodes' namespaces.
/// Each datagram carries the stream's id, its sequence number and a SHA-256 of everything before it, so the
/// receiver tells delivered, lost, corrupted and duplicated datagrams apart.
/// <code>
/// 0        4          8                         size-32          size
/// | run id | sequence | random                  | SHA-256 of [0, size-32) |
/// </code>
/// </summary>
internal static class DatagramStream
{
    private const int HashLength = 32;
    private const int HeaderLength = 8;

    /// <summary>How long the receiver waits for stragglers once the sender is done and nothing arrives.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    public sealed record Result(string Direction, int Sent, int Delivered, int Corrupted, int Duplicates, int Foreign)
    {
        public double DeliveredPercent => 100.0 * Delivered / Sent;

        public override string ToString() =>
            $"{Direction}: {Delivered}/{Sent} delivered ({DeliveredPercent:0.##} %), {Corrupted} corrupted, {Duplicates} duplicated, {Foreign} foreign";
    }

    /// <summary>
    /// Sends <paramref name="count"/> datagrams of <paramref name="size"/> octets at <paramref name="perSecond"/>
    /// from <paramref name="from"/> to <paramref name="toAddress"/>:<paramref name="port"/> (a socket in
    /// <paramref name="to"/>) and returns what arrived.
    /// </summary>
    public static async Task<Result> RunAsync(Lab lab, string from, string to, string toAddress, int port, int count, int size, int perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, HeaderLength + HashLength);
        var run = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        using var receiver = NamespaceSockets.Open(lab, to, SocketType.Dgram, ProtocolType.Udp).WithLargeReceiveBuffer();
        receiver.Bind(new IPEndPoint(IPAddress.Any, port));
        receiver.ReceiveTimeout = 200;
        using var sender = NamespaceSockets.Open(lab, from, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Parse(toAddress), port);

        var sendDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiving = Task.Factory.StartNew(() => Receive(receiver, run, count, size, sendDone.Task), TaskCreationOptions.LongRunning);
        var sending = Task.Factory.StartNew(() => Send(sender, target, run, count, size, perSecond), TaskCreationOptions.LongRunning);
        try
        {
            await sending;
        }
        finally
        {
            sendDone.TrySetResult();
        }
        var (delivered, corrupted, duplicates, foreign) = await receiving;
        return new Result($"{from} → {to}", count, delivered, corrupted, duplicates, foreign);
    }

    private static void Send(Socket socket, EndPoint target, uint run, int count, int size, int perSecond)
    {
        var datagram = new byte[size];
        var clock = Stopwatch.StartNew();
        for (var sequence = 0; sequence < count; sequence++)
        {
            // Paced from the start time, so a descheduled sender catches up instead of slowing the whole stream.
            while (clock.Elapsed.TotalSeconds * perSecond < sequence) Thread.Sleep(1);
            BinaryPrimitives.WriteUInt32BigEndian(datagram, run);
            BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(4), (uint)sequence);
            RandomNumberGenerator.Fill(datagram.AsSpan(HeaderLength, size - HeaderLength - HashLength));
            SHA256.HashData(datagram.AsSpan(0, size - HashLength), datagram.AsSpan(size - HashLength));
            socket.SendTo(datagram, target);
        }
    }

    private static (int Delivered, int Corrupted, int Duplicates, int Foreign) Receive(Socket socket, uint run, int count, int size,
        Task sendDone)
    {
        var seen = new bool[count];
        var buffer = new byte[size + 64];
        Span<byte> hash = stackalloc byte[HashLength];
        int delivered = 0, corrupted = 0, duplicates = 0, foreign = 0;
        var sinceLast = Stopwatch.StartNew();
        while (delivered < count && !(sendDone.IsCompleted && sinceLast.Elapsed > Quiet))
        {
            int length;
            try
            {
                length = socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                continue;
            }
            sinceLast.Restart();
            if (length < HeaderLength || BinaryPrimitives.ReadUInt32BigEndian(buffer) != run)
            {
                foreign++;
                continue;
            }
            SHA256.HashData(buffer.AsSpan(0, Math.Max(0, length - HashLength)), hash);
            var sequence = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4));
            if (length != size || !hash.SequenceEqual(buffer.AsSpan(size - HashLength, HashLength)) || sequence >= count)
            {
                corrupted++;
                continue;
            }
            if (seen[sequence])
            {
                duplicates++;
                continue;
            }
            seen[sequence] = true;
            delivered++;
        }
        return (delivered, corrupted, duplicates, foreign);
    }
}
