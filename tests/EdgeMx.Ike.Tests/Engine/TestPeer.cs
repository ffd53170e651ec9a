using System.Net;
using EdgeMx.Core.Events;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.DataPlane;
using EdgeMx.Ike.Engine;

namespace EdgeMx.Ike.Tests.Engine;

/// <summary>One engine in the in-process network, with what it asked its host to do recorded.</summary>
internal sealed class TestPeer
{
    public TestPeer(string name, IPAddress address, TimeProvider time, int seed, IkeEngineOptions? options)
    {
        Name = name;
        Address = address;
        Crypto = new DeterministicCrypto(seed);
        Engine = new IkeEngine(Crypto, time, options);
    }

    public string Name { get; }
    public IPAddress Address { get; }
    public DeterministicCrypto Crypto { get; }
    public IkeEngine Engine { get; }
    public List<EventDraft> Events { get; } = [];
    public Dictionary<uint, ChildSaDescription> Installed { get; } = [];
    public List<ChildSaDescription> InstallLog { get; } = [];
    public List<RemoveChildSa> Removed { get; } = [];
    public int KeepalivesSent { get; set; }

    public IEnumerable<EventDraft> EventsOf(string type) => Events.Where(e => e.Type == type);

    public bool Has(string type) => Events.Any(e => e.Type == type);

    public IkeSa? Sa(string connection) =>
        Engine.Sas.Where(s => s.Name == connection && s.State != IkeSaState.Closed).OrderByDescending(s => s.UniqueId).FirstOrDefault();

    public IkeSa EstablishedSa(string connection) =>
        Engine.Sas.Single(s => s.Name == connection && s.State == IkeSaState.Established);

    public override string ToString() => $"{Name} {Address}";
}
