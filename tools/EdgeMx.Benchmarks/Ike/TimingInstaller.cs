using System.Diagnostics;
using System.Net;
using EdgeMx.Ike.DataPlane;

namespace EdgeMx.Benchmarks.Ike;

/// <summary>
/// The CHILD_SA installer of a benchmark node: hands every call on to the real installer when there is one (the
/// user-space ESP data plane) and, once <see cref="IChildSaInstaller.Install"/> has returned, reports the
/// <see cref="Stopwatch"/> timestamp — "CHILD_SA installed" for the measurements. Runs on the runner's loop.
/// </summary>
internal sealed class TimingInstaller(IChildSaInstaller? inner) : IChildSaInstaller
{
    private long _installed;

    /// <summary>Called after each install with the connection name and the timestamp.</summary>
    public Action<string, long>? Installed { get; set; }

    public long InstalledCount => Interlocked.Read(ref _installed);

    public void Install(ChildSaDescription childSa)
    {
        inner?.Install(childSa);
        Interlocked.Increment(ref _installed);
        Installed?.Invoke(childSa.Connection, Stopwatch.GetTimestamp());
    }

    public void UpdateEndpoints(uint inboundSpi, IPEndPoint local, IPEndPoint remote, bool udpEncapsulation) =>
        inner?.UpdateEndpoints(inboundSpi, local, remote, udpEncapsulation);

    public void Remove(uint inboundSpi, uint outboundSpi) => inner?.Remove(inboundSpi, outboundSpi);

    public ChildSaUsage? GetUsage(uint inboundSpi) => inner?.GetUsage(inboundSpi);
}
