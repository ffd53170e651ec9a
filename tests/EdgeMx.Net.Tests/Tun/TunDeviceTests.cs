using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using EdgeMx.Net.Links;
using EdgeMx.Net.Probes;
using EdgeMx.Net.Tests.Lab;
using EdgeMx.Net.Tun;

namespace EdgeMx.Net.Tests.Tun;

public class TunDeviceTests
{
    private static readonly IPAddress Local = IPAddress.Parse("10.99.0.1");
    private static readonly IPAddress Remote = IPAddress.Parse("10.99.0.2");

    /// <summary>An IPv4/UDP packet (UDP checksum 0 is allowed for IPv4, RFC 768).</summary>
    private static byte[] UdpPacket(IPAddress source, int sourcePort, IPAddress destination, int destinationPort, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[28 + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[8] = 64;
        packet[9] = 17;
        source.TryWriteBytes(packet.AsSpan(12), out _);
        destination.TryWriteBytes(packet.AsSpan(16), out _);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), IcmpEchoPacket.InternetChecksum(packet.AsSpan(0, 20)));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), (ushort)sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), (ushort)destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload.Length));
        payload.CopyTo(packet.AsSpan(28));
        return packet;
    }

    [Fact]
    public async Task Packets_routed_into_the_device_are_read_and_written_packets_are_delivered()
    {
        using var test = new TestNamespace();
        using var tun = TunDevice.Open("emxtun0", ns: test.Namespace);
        Assert.Equal("emxtun0", tun.Name);
        using var links = LinkTable.Open(test.Namespace);
        await tun.ConfigureAsync(links, Local, 24, mtu: 1400);
        var link = await links.GetAsync("emxtun0");
        Assert.Equal("tun", link!.Kind);
        Assert.Equal(1400, link.Mtu);
        Assert.True(link.IsUp);

        // Kernel → TUN: a datagram to 10.99.0.2 is routed into the device.
        using var sender = test.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        sender.SendTo("hello tun"u8, new IPEndPoint(Remote, 9999));
        var buffer = new byte[2048];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        byte[] packet;
        while (true)
        {
            var length = tun.Read(buffer, cts.Token);
            packet = buffer[..length];
            if (packet[0] >> 4 == 4 && packet[9] == 17) break; // skip IPv6 router solicitations and the like
        }
        Assert.Equal(Remote, new IPAddress(packet.AsSpan(16, 4)));
        Assert.Equal(Local, new IPAddress(packet.AsSpan(12, 4)));
        Assert.Equal(9999, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(22)));
        Assert.Equal("hello tun"u8.ToArray(), packet[28..]);

        // TUN → kernel: a datagram "from" 10.99.0.2 reaches a socket bound to 10.99.0.1.
        using var receiver = test.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        receiver.Bind(new IPEndPoint(Local, 9000));
        receiver.ReceiveTimeout = 5000;
        tun.Write(UdpPacket(Remote, 4000, Local, 9000, "reply"u8));
        var received = new byte[64];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var n = receiver.ReceiveFrom(received, ref from);
        Assert.Equal("reply"u8.ToArray(), received[..n]);
        Assert.Equal(new IPEndPoint(Remote, 4000), from);
    }

    [Fact]
    public void Read_waits_without_spinning_and_ends_on_cancellation()
    {
        using var test = new TestNamespace();
        using var tun = TunDevice.Open("emxtun1", ns: test.Namespace);
        Assert.False(tun.TryRead(new byte[1500], out _));
        using var cts = new CancellationTokenSource(150);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => tun.Read(new byte[1500], cts.Token));
        Assert.InRange(started.ElapsedMilliseconds, 100, 5000);
    }

    [Fact]
    public void Multi_queue_devices_accept_a_second_queue_and_bad_names_are_refused()
    {
        using var test = new TestNamespace();
        using var first = TunDevice.Open("emxmq0", multiQueue: true, ns: test.Namespace);
        using var second = TunDevice.Open("emxmq0", multiQueue: true, ns: test.Namespace);
        Assert.Equal(first.Name, second.Name);
        Assert.True(second.IsMultiQueue);
        // A single-queue open of a multi-queue device is refused by the kernel.
        Assert.Throws<NativeCallException>(() => TunDevice.Open("emxmq0", ns: test.Namespace));
        Assert.Throws<ArgumentException>(() => TunDevice.Open("much-too-long-name0"));
        var pattern = TunDevice.Open("emxt%d", ns: test.Namespace);
        Assert.Equal("emxt0", pattern.Name);
        pattern.Dispose();
    }

    [Fact]
    public async Task Packets_that_are_not_ip_are_refused_by_the_kernel_with_a_clear_error()
    {
        using var test = new TestNamespace();
        using var tun = TunDevice.Open("emxtun2", ns: test.Namespace);
        using var links = LinkTable.Open(test.Namespace);
        await tun.ConfigureAsync(links, Local, 24);
        Assert.Throws<ArgumentException>(() => tun.Write([]));
        var e = Assert.Throws<NativeCallException>(() => tun.Write(new byte[] { 0x00, 0x01, 0x02, 0x03 }));
        Assert.Equal(22, e.ErrorNumber);
        Assert.Contains("write(emxtun2)", e.Message);
    }
}
