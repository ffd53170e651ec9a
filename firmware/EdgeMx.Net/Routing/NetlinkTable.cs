using EdgeMx.Net.Netlink;

namespace EdgeMx.Net.Routing;

/// <summary>A netlink socket plus one request writer, used under one lock (shared by the route and rule tables).</summary>
public abstract class NetlinkTable : IDisposable
{
    private readonly bool _ownsSocket;
    private readonly NetlinkMessageWriter _writer = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected NetlinkTable(NetlinkSocket socket, bool ownsSocket)
    {
        Socket = socket;
        _ownsSocket = ownsSocket;
    }

    protected NetlinkSocket Socket { get; }

    protected async Task<T> SendAsync<T>(Action<NetlinkMessageWriter> build, Func<NetlinkMessageWriter, Task<T>> send, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            build(_writer);
            return await send(_writer).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected Task SendAsync(Action<NetlinkMessageWriter> build, Func<NetlinkMessageWriter, Task> send, CancellationToken cancellationToken) =>
        SendAsync(build, async w => { await send(w).ConfigureAwait(false); return true; }, cancellationToken);

    public void Dispose()
    {
        if (_ownsSocket) Socket.Dispose();
        _gate.Dispose();
        GC.SuppressFinalize(this);
    }
}
