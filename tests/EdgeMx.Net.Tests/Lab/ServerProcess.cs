using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeMx.Net.Tests.Lab;

/// <summary>A real server (nginx, dnsmasq) running inside a test namespace; killed and cleaned up on dispose.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ServerProcess(Process process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"{TestNamespace.RunPrefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>nginx with the given server blocks, running in <paramref name="ns"/>; waits until it accepts on <paramref name="ready"/>.</summary>
    public static ServerProcess Nginx(TestNamespace ns, string servers, IPEndPoint ready)
    {
        var directory = NewDirectory();
        var config = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(config, $$"""
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            worker_processes 1;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                {{servers}}
            }
            """);
        var server = new ServerProcess(Shell.Start($"ip netns exec {ns.Name} nginx -p {directory} -c {config} -g 'daemon off;'"), directory);
        server.WaitForTcp(ns, ready);
        return server;
    }

    /// <summary>dnsmasq with the given options on <paramref name="address"/>:<paramref name="port"/>, in <paramref name="ns"/>.</summary>
    public static ServerProcess Dnsmasq(TestNamespace ns, string address, int port, string options)
    {
        var directory = NewDirectory();
        var server = new ServerProcess(Shell.Start(
            $"ip netns exec {ns.Name} dnsmasq --no-daemon --conf-file=/dev/null --user=root --pid-file={directory}/dnsmasq.pid " +
            $"--listen-address={address} --bind-interfaces --port={port} --no-resolv --no-hosts --log-facility=- {options}"), directory);
        // dnsmasq is ready once its UDP socket is bound; wait for that with a deadline.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (server._process.HasExited) throw new InvalidOperationException($"dnsmasq exited with {server._process.ExitCode}");
            if (ns.Exec($"ss -Hlun src {address}:{port}", check: false).Trim().Length > 0) return server;
            Thread.Sleep(20);
        }
        server.Dispose();
        throw new TimeoutException("dnsmasq did not start listening within 10 s");
    }

    private void WaitForTcp(TestNamespace ns, IPEndPoint endpoint)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited) throw new InvalidOperationException($"server exited with {_process.ExitCode}: {File.ReadAllText(Path.Combine(_directory, "error.log"))}");
            try
            {
                using var socket = ns.Namespace.Run(() => new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp));
                socket.Connect(endpoint);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        throw new TimeoutException($"server did not accept on {endpoint} within 10 s");
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
