using System.Collections.Concurrent;
using EdgeMx.Net.Interop;

namespace EdgeMx.Net;

/// <summary>
/// A network namespace and a dedicated thread that lives in it. Linux keeps the network namespace per thread, so
/// <see cref="Run{T}"/> executes a delegate on that thread: sockets (netlink, UDP, raw, TUN) created there belong to
/// the namespace for their whole life, wherever they are used afterwards. Namespaces are either named ones
/// (<c>/run/netns/NAME</c>, as <c>ip netns add</c> makes them) or fresh anonymous ones (<c>unshare(CLONE_NEWNET)</c>)
/// that vanish when disposed.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    public const string NamedNamespaceDirectory = "/run/netns";

    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;
    private readonly string _description;

    private NetworkNamespace(string description, string? path)
    {
        _description = description;
        Name = description;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _thread = new Thread(() => Loop(path, ready)) { IsBackground = true, Name = $"netns {description}" };
        _thread.Start();
        try
        {
            ready.Task.GetAwaiter().GetResult();
        }
        catch
        {
            _work.CompleteAdding();
            throw;
        }
    }

    /// <summary>The namespace's name (or "anonymous").</summary>
    public string Name { get; }

    /// <summary>Enters the named namespace /run/netns/<paramref name="name"/>.</summary>
    public static NetworkNamespace Open(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('/') || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a namespace name", nameof(name));
        return new NetworkNamespace(name, Path.Combine(NamedNamespaceDirectory, name));
    }

    /// <summary>Enters the namespace behind an nsfs path such as /proc/PID/ns/net.</summary>
    public static NetworkNamespace OpenPath(string path) => new(path, path);

    /// <summary>A fresh, empty namespace (only a down loopback) owned by this object.</summary>
    public static NetworkNamespace CreateAnonymous() => new("anonymous", null);

    /// <summary>Runs <paramref name="action"/> inside the namespace and returns its result (exceptions flow back).</summary>
    public T Run<T>(Func<T> action) => RunAsync(action).GetAwaiter().GetResult();

    public void Run(Action action) => Run(() => { action(); return true; });

    public Task<T> RunAsync<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Environment.CurrentManagedThreadId == _thread.ManagedThreadId)
        {
            done.SetResult(action());
            return done.Task;
        }
        try
        {
            _work.Add(() =>
            {
                try { done.SetResult(action()); }
                catch (Exception e) { done.SetException(e); }
            });
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException($"network namespace {_description}");
        }
        return done.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        if (Environment.CurrentManagedThreadId != _thread.ManagedThreadId) _thread.Join();
    }

    private void Loop(string? path, TaskCompletionSource ready)
    {
        try
        {
            if (path is null)
            {
                Errno.ThrowIfFailed(Libc.Unshare(Libc.CLONE_NEWNET), "unshare(CLONE_NEWNET)");
            }
            else
            {
                var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC);
                if (fd < 0) throw Errno.Exception($"open({path})");
                using var handle = new FileDescriptorHandle(fd);
                Errno.ThrowIfFailed(Libc.SetNs(handle.Fd, Libc.CLONE_NEWNET), $"setns({path})");
            }
        }
        catch (Exception e)
        {
            ready.SetException(e);
            return;
        }
        ready.SetResult();
        // The thread ends with the namespace object; an anonymous namespace is freed once nothing refers to it.
        foreach (var item in _work.GetConsumingEnumerable()) item();
    }
}
