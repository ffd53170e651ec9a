using System.Collections.Immutable;
using System.Threading.Channels;
using EdgeMx.Net.Netlink;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeMx.Net.Links;

/// <summary>
/// Watches links and their addresses through rtnetlink notifications (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
/// RTNLGRP_IPV6_IFADDR): first one <see cref="LinkEventKind.Present"/> event per existing link, then an event for
/// every change, as soon as the kernel announces it. Nothing polls: the notification socket is read asynchronously.
/// If the kernel drops notifications (ENOBUFS) the monitor dumps links and addresses again and reports what differs,
/// so consumers never keep a stale view.
/// </summary>
public sealed partial class LinkMonitor : IAsyncDisposable
{
    /// <summary>Kernel queue for notifications: room for bursts (many links changing at once) before ENOBUFS.</summary>
    public const int NotificationBufferBytes = 1024 * 1024;

    private readonly NetlinkSocket _notifications;
    private readonly NetlinkSocket _requests;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<LinkEvent> _channel = Channel.CreateUnbounded<LinkEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, LinkInfo> _links = [];
    private readonly Dictionary<int, List<InterfaceAddress>> _addresses = [];
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(NetlinkSocket.ReceiveBufferSize);
    private ImmutableDictionary<int, LinkEvent> _current = ImmutableDictionary<int, LinkEvent>.Empty;
    private Task _loop = Task.CompletedTask;
    private long _resyncs;

    private LinkMonitor(NetlinkSocket notifications, NetlinkSocket requests, TimeProvider time, ILogger logger)
    {
        _notifications = notifications;
        _requests = requests;
        _time = time;
        _logger = logger;
    }

    /// <summary>Every event in order: the snapshot first, then changes.</summary>
    public ChannelReader<LinkEvent> Events => _channel.Reader;

    /// <summary>The latest state of every link, by index.</summary>
    public IReadOnlyDictionary<int, LinkEvent> Current => Volatile.Read(ref _current);

    /// <summary>How often notifications were lost and the state was read again.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    public IAsyncEnumerable<LinkEvent> ReadAllAsync(CancellationToken cancellationToken = default) => _channel.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Subscribes, then reads the current links and addresses (so no change between the two is missed), queues the
    /// snapshot and starts following notifications.
    /// </summary>
    public static async Task<LinkMonitor> StartAsync(NetworkNamespace? ns = null, TimeProvider? time = null, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        var (notifications, requests) = ns is null ? OpenSockets() : ns.Run(OpenSockets);
        var monitor = new LinkMonitor(notifications, requests, time ?? TimeProvider.System, logger ?? NullLogger.Instance);
        try
        {
            await monitor.SynchroniseAsync(initial: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await monitor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        monitor._loop = Task.Run(() => monitor.FollowAsync(monitor._stop.Token), CancellationToken.None);
        return monitor;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _loop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        _notifications.Dispose();
        _requests.Dispose();
        _channel.Writer.TryComplete();
        _stop.Dispose();
    }

    private static (NetlinkSocket, NetlinkSocket) OpenSockets()
    {
        var notifications = NetlinkSocket.Open(NotificationBufferBytes);
        try
        {
            notifications.JoinGroup(RtnetlinkGroup.Link);
            notifications.JoinGroup(RtnetlinkGroup.IPv4Address);
            notifications.JoinGroup(RtnetlinkGroup.IPv6Address);
            return (notifications, NetlinkSocket.Open());
        }
        catch
        {
            notifications.Dispose();
            throw;
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await _notifications.ReceiveAsync(_buffer, cancellationToken).ConfigureAwait(false);
                Apply(received, _time.GetTimestamp());
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NetlinkException or NetlinkFormatException)
            {
                // Lost or unreadable notifications: the only safe recovery is to read the whole state again.
                Interlocked.Increment(ref _resyncs);
                LogResync(_logger, e.Message);
                try
                {
                    await SynchroniseAsync(initial: false, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception again) when (again is NetlinkException or NetlinkFormatException)
                {
                    LogResyncFailed(_logger, again.Message);
                    _channel.Writer.TryComplete(again);
                    return;
                }
            }
            catch (Exception e)
            {
                LogStopped(_logger, e);
                _channel.Writer.TryComplete(e);
                return;
            }
        }
        _channel.Writer.TryComplete();
    }
}
