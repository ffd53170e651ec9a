using System.Net;
using System.Net.Sockets;
using EdgeMx.Esp.Backends.UserSpace;

namespace EdgeMx.Esp.Tests.Backends;

/// <summary>UDP segmentation offload of ESP runs, over real loopback sockets (no root needed).</summary>
public sealed unsafe class UdpSegmentSenderTests : IDisposable
{
    private readonly Socket _sender = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket _receiver = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = GC.AllocateArray<byte>(64 * 1024, pinned: true);
    private readonly SocketAddress _remote;

    public UdpSegmentSenderTests()
    {
        _sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver.ReceiveBufferSize = 1 << 20;
        _receiver.ReceiveTimeout = 5000;
        _remote = _receiver.LocalEndPoint!.Serialize();
    }

    /// <summary>Packets with recognisable contents laid out at gaps in the pinned buffer (as the data plane's slots are).</summary>
    private EspDatagram[] Packets(params int[] lengths)
    {
        var packets = new EspDatagram[lengths.Length];
        var offset = 0;
        fixed (byte* start = _buffer)
        {
            for (var i = 0; i < lengths.Length; i++)
            {
                for (var j = 0; j < lengths[i]; j++) _buffer[offset + j] = (byte)(i * 31 + j);
                packets[i] = new EspDatagram((nint)(start + offset), lengths[i]);
                offset += lengths[i] + 100;
            }
        }
        return packets;
    }

    private List<byte[]> Receive(int count)
    {
        var received = new List<byte[]>();
        var buffer = new byte[65536];
        for (var i = 0; i < count; i++)
        {
            var length = _receiver.Receive(buffer);
            received.Add(buffer[..length]);
        }
        return received;
    }

    [Fact]
    public void A_run_arrives_as_the_separate_datagrams_it_was_in_order_with_the_shorter_last()
    {
        var sender = new UdpSegmentSender();
        var packets = Packets(1200, 1200, 1200, 1200, 700);

        Assert.Equal(5, sender.Send(_sender, _remote, packets));

        var received = Receive(5);
        for (var i = 0; i < packets.Length; i++) Assert.Equal(packets[i].Span.ToArray(), received[i]);
        Assert.True(sender.Enabled); // the loopback device takes UDP_SEGMENT
        _receiver.Blocking = false;
        Assert.Throws<SocketException>(() => _receiver.Receive(new byte[2000])); // nothing more: no merged or extra datagram
    }

    [Fact]
    public void Packets_that_are_not_a_run_go_one_by_one_and_all_arrive()
    {
        var sender = new UdpSegmentSender();
        var packets = Packets(700, 1200, 300); // a longer packet after a shorter one cannot be one segmented send

        Assert.False(UdpSegmentSender.IsRun(packets));
        Assert.Equal(3, sender.Send(_sender, _remote, packets));

        var received = Receive(3);
        for (var i = 0; i < packets.Length; i++) Assert.Equal(packets[i].Span.ToArray(), received[i]);
    }

    [Fact]
    public void A_run_has_equal_packets_but_a_shorter_last_and_stays_within_the_kernel_limits()
    {
        Assert.True(UdpSegmentSender.IsRun(Packets(1400, 1400, 1400)));
        Assert.True(UdpSegmentSender.IsRun(Packets(1400, 1400, 20)));
        Assert.False(UdpSegmentSender.IsRun(Packets(1400, 20, 1400)));
        Assert.False(UdpSegmentSender.IsRun(Packets(1400, 1401)));
        var tooMany = Enumerable.Repeat(new EspDatagram(Packets(10)[0].Address, 10), UdpSegmentSender.MaxSegments + 1).ToArray();
        Assert.False(UdpSegmentSender.IsRun(tooMany));
        var tooLong = Enumerable.Repeat(new EspDatagram(Packets(9000)[0].Address, 9000), 8).ToArray(); // 72000 octets
        Assert.False(UdpSegmentSender.IsRun(tooLong));
    }

    [Fact]
    public void Sending_a_run_allocates_nothing()
    {
        var sender = new UdpSegmentSender();
        var packets = Packets(1400, 1400, 1400, 1400);
        sender.Send(_sender, _remote, packets); // warm-up (JIT, first socket use)
        Receive(4);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++) sender.Send(_sender, _remote, packets);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(200, Receive(200).Count);
    }

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }
}
