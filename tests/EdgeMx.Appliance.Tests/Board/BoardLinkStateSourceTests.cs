using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeMx.Appliance.Platform;
using EdgeMx.Appliance.Uplinks;
using HalLinks = EdgeMx.Hal.Links;

namespace EdgeMx.Appliance.Tests.Board;

/// <summary>A port with a GPIO link line is operational only while the kernel says up and the PHY signal says link;
/// ports without one pass through; a stream that fails fails the watch (LinkStateService reopens it).</summary>
public sealed class BoardLinkStateSourceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static LinkObservation Up(string name, int index) =>
        new(name, index, true, true, "up", [(IPAddress.Parse($"10.0.{index}.2"), 24)]);

    [Fact]
    public async Task Gpio_carrier_overrides_the_kernel_for_its_port_only()
    {
        var kernel = new ScriptedKernel();
        var gpio = new ScriptedGpio();
        var source = new BoardLinkStateSource(kernel, () => gpio);
        using var cts = new CancellationTokenSource(Deadline);
        await using var watch = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        await kernel.Send(Up("eth0", 2));
        await kernel.Send(Up("eth1", 3));
        await kernel.Send(LinkObservation.EndOfSnapshot);
        for (var i = 0; i < 3; i++) Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.IsEndOfSnapshot);

        // the PHY signal says no link: eth0 is re-reported, not operational, with the kernel's addresses
        await gpio.Send(new("eth0", false, 1, "gpio gpiochip0:17"));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("eth0", watch.Current.Name);
        Assert.False(watch.Current.Operational);
        Assert.Contains("gpio", watch.Current.OperState);

        // the kernel re-reports both ports (an address change): eth0 stays down by its line, eth1 passes through
        await kernel.Send(Up("eth0", 2));
        Assert.True(await watch.MoveNextAsync());
        Assert.False(watch.Current.Operational);
        await kernel.Send(Up("eth1", 3));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("eth1", watch.Current.Name);
        Assert.True(watch.Current.Operational);

        // link signal rises: eth0 re-reported with the kernel's data, now operational
        await gpio.Send(new("eth0", true, 2, "gpio gpiochip0:17"));
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal("eth0", watch.Current.Name);
        Assert.True(watch.Current.Operational);
        Assert.Equal("10.0.2.2", watch.Current.Addresses[0].Address.ToString());

        // the same level again (a debounced duplicate) says nothing; a fall does
        await gpio.Send(new("eth0", true, 3, "gpio gpiochip0:17"));
        await gpio.Send(new("eth0", false, 4, "gpio gpiochip0:17"));
        Assert.True(await watch.MoveNextAsync());
        Assert.False(watch.Current.Operational);

        // the kernel's own "down" stays down whatever the GPIO says
        await gpio.Send(new("eth0", true, 5, "gpio gpiochip0:17"));
        Assert.True(await watch.MoveNextAsync());
        Assert.True(watch.Current.Operational);
        await kernel.Send(Up("eth0", 2) with { Operational = false, OperState = "down" });
        Assert.True(await watch.MoveNextAsync());
        Assert.False(watch.Current.Operational);
        Assert.Equal("down", watch.Current.OperState);
    }

    [Fact]
    public async Task A_failing_gpio_stream_fails_the_watch_and_is_disposed()
    {
        var kernel = new ScriptedKernel();
        var gpio = new ScriptedGpio();
        var source = new BoardLinkStateSource(kernel, () => gpio);
        using var cts = new CancellationTokenSource(Deadline);
        var watch = source.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        gpio.Fail(new IOException("gpiochip0 went away"));
        var e = await Assert.ThrowsAsync<IOException>(async () => await watch.MoveNextAsync());
        Assert.Contains("gpiochip0", e.Message);
        await watch.DisposeAsync();
        Assert.True(gpio.Disposed);
    }

    private sealed class ScriptedKernel : ILinkStateSource
    {
        private readonly Channel<LinkObservation> _items = Channel.CreateUnbounded<LinkObservation>();
        public ValueTask Send(LinkObservation o) => _items.Writer.WriteAsync(o);

        public async IAsyncEnumerable<LinkObservation> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var o in _items.Reader.ReadAllAsync(cancellationToken)) yield return o;
        }
    }

    private sealed class ScriptedGpio : HalLinks.ILinkStateSource
    {
        private readonly Channel<HalLinks.LinkStateChange> _items = Channel.CreateUnbounded<HalLinks.LinkStateChange>();
        public bool Disposed { get; private set; }
        public string Kind => "gpio";
        public ValueTask Send(HalLinks.LinkStateChange c) => _items.Writer.WriteAsync(c);
        public void Fail(Exception e) => _items.Writer.TryComplete(e);

        public async IAsyncEnumerable<HalLinks.LinkStateChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var c in _items.Reader.ReadAllAsync(cancellationToken)) yield return c;
        }

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
