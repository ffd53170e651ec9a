using System.Net;
using EdgeMx.Ike.Config;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;
using EdgeMx.Ike.Tests.Engine;

namespace EdgeMx.Ike.Tests.Fuzz;

/// <summary>
/// Mutation fuzzing with real messages (every exchange of the two-engine scenarios: setup, NAT, cookies, rekeys of
/// both kinds, DPD, delete, redirect): the parser only ever throws <see cref="IkeProtocolException"/>, and engines in
/// both roles take thousands of mutated datagrams — outer and, re-sealed with the real keys, inner — without an
/// exception escaping and with bounded memory and SA tables.
/// </summary>
public class MessageFuzzTests
{
    /// <summary>Datagrams recorded from the engines talking to each other.</summary>
    private static List<byte[]> Corpus()
    {
        var corpus = new List<byte[]>();
        foreach (var (ike, esp) in new[] { ("aes256gcm16-prfsha256-x25519", "aes128gcm16"), ("aes128-sha256-modp2048", "aes256-sha512-ecp256") })
        {
            var lab = new SpokeAndHub(Tunnels.Spoke(ike, esp), Tunnels.Hub(ike, esp), new IkeEngineOptions { CookieThreshold = 0 });
            lab.Connect();
            lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.RekeyChildSa("hub1", "net"));
            lab.Net.Apply(lab.Hub, lab.Hub.Engine.RekeyIkeSa("spokes"));
            lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.CheckLiveness("hub1"));
            lab.Net.Apply(lab.Hub, lab.Hub.Engine.DeleteChildSa("spokes", "net"));
            lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.Terminate("hub1"));
            corpus.AddRange(lab.Net.Log.Where(p => !p.IsKeepalive).Select(p => p.Data));
        }
        return corpus;
    }

    [Fact]
    public void The_parser_only_throws_IkeProtocolException()
    {
        var corpus = Corpus();
        var mutator = new Mutator(1234);
        var parsed = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var datagram = mutator.Mutate(corpus[i % corpus.Count]);
            try
            {
                var message = IkeMessage.Decode(datagram);
                parsed++;
                // whatever parses re-encodes and parses again
                IkeMessage.Decode(message.Encode());
                foreach (var n in message.All<NotifyPayload>().Where(n => n.NotifyType is NotifyType.Redirect or NotifyType.RedirectedFrom))
                {
                    try { RedirectData.Decode(n.Data); }
                    catch (IkeProtocolException) { }
                }
            }
            catch (IkeProtocolException)
            {
            }
        }
        Assert.InRange(parsed, 1000, 29_000); // the mutations hit both sides of the parser
    }

    [Fact]
    public void Both_roles_survive_mutated_datagrams_with_bounded_state()
    {
        var corpus = Corpus();
        var lab = new SpokeAndHub(hubOptions: new IkeEngineOptions { CookieThreshold = 20, HalfOpenLimit = 50 });
        lab.Connect();
        var mutator = new Mutator(99);
        var spokeEndpoint = new IPEndPoint(lab.Spoke.Address, 500);
        var hubEndpoint = new IPEndPoint(lab.Hub.Address, 500);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 20_000; i++)
        {
            var datagram = mutator.Mutate(corpus[i % corpus.Count]);
            // to the responder (as if from the spoke or a stranger) and to the initiator (as if from the hub)
            var stranger = new IPEndPoint(IPAddress.Parse($"198.51.100.{1 + i % 200}"), 500 + i % 3);
            lab.Hub.Engine.Receive(datagram, i % 2 == 0 ? spokeEndpoint : stranger, hubEndpoint);
            lab.Spoke.Engine.Receive(datagram, hubEndpoint, spokeEndpoint);
            if (i % 1000 == 0) lab.Net.Advance(TimeSpan.FromSeconds(7));
        }
        lab.Net.Advance(TimeSpan.FromMinutes(2));

        GC.Collect();
        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.InRange(growth, long.MinValue, 16 * 1024 * 1024);
        Assert.InRange(lab.Hub.Engine.Sas.Count, 0, 51);
        Assert.InRange(lab.Hub.Engine.HalfOpenCount, 0, 50);
        // the real tunnel is unharmed by the garbage
        lab.Net.Apply(lab.Spoke, lab.Spoke.Engine.CheckLiveness("hub1"));
        lab.AssertUp();
    }

    [Fact]
    public void Mutated_inner_payloads_with_a_valid_ICV_are_handled_by_both_roles()
    {
        var lab = new SpokeAndHub();
        lab.Connect();
        var mutator = new Mutator(7);
        var spokeSa = lab.SpokeSa;
        var hubSa = lab.HubSa;
        var spokeEndpoint = new IPEndPoint(lab.Spoke.Address, 500);
        var hubEndpoint = new IPEndPoint(lab.Hub.Address, 500);
        // inner payload chains of every request kind, as plaintext
        var inners = InnerSamples().ToList();
        var answered = 0;

        for (var i = 0; i < 5_000; i++)
        {
            var (first, plain) = inners[i % inners.Count];
            // the fake header names the first payload so the mutator can find the payload headers
            var framed = new byte[IkeHeader.Size + plain.Length];
            framed[IkeHeader.NextPayloadOffset] = (byte)first;
            plain.CopyTo(framed, IkeHeader.Size);
            var result = mutator.Mutate(framed);
            var mutated = result.Length > IkeHeader.Size ? result[IkeHeader.Size..] : [];
            var toHub = i % 2 == 0;
            var sender = toHub ? spokeSa : hubSa;
            var receiver = toHub ? lab.Hub : lab.Spoke;
            var peerSa = toHub ? hubSa : spokeSa;
            // a request with the next expected ID, or a response to whatever the receiver has outstanding
            var header = new IkeHeader(sender.SpiI, sender.SpiR, PayloadType.None, 2, 0,
                (ExchangeType)(35 + i % 3), sender.IsOriginalInitiator ? IkeHeaderFlags.Initiator : IkeHeaderFlags.None,
                peerSa.ExpectedRequestId, 0);
            var datagram = SealRaw(sender, header, first, mutated);
            var actions = receiver.Engine.Receive(datagram, toHub ? spokeEndpoint : hubEndpoint, toHub ? hubEndpoint : spokeEndpoint);
            answered += actions.Count(a => a is Ike.Engine.SendDatagram);
        }
        // the mutated requests were authenticated and answered (processed or refused), not dropped
        Assert.InRange(answered, 2_500, 10_000);
    }

    private static byte[] Plain(IkePayload[] payloads)
    {
        var writer = new IkeWriter();
        PayloadChain.Write(writer, payloads);
        return writer.ToArray();
    }

    private static IEnumerable<(PayloadType, byte[])> InnerSamples()
    {
        var ts = new TrafficSelectorPayload(true, [TrafficSelector.ParseSubnet("10.0.0.0/8")]);
        var tsr = new TrafficSelectorPayload(false, [TrafficSelector.ParseSubnet("192.168.0.0/16")]);
        var sa = new SecurityAssociationPayload([EdgeMx.Ike.Crypto.ProposalParser.Parse(ProtocolId.Esp, "aes128gcm16-modp2048")[0].ToWire(1, [1, 2, 3, 4])]);
        yield return (PayloadType.SecurityAssociation, Plain([sa, new NoncePayload(new byte[32]), new KeyExchangePayload(14, new byte[256]), ts, tsr]));
        yield return (PayloadType.Notify, Plain([new NotifyPayload(ProtocolId.Esp, [1, 2, 3, 4], NotifyType.RekeySa, []), sa, new NoncePayload(new byte[32]), ts, tsr]));
        yield return (PayloadType.Delete, Plain([new DeletePayload(ProtocolId.Esp, [0x12345678])]));
        yield return (PayloadType.Notify, Plain([new NotifyPayload(NotifyType.Redirect, RedirectData.ForAddress(IPAddress.Parse("192.0.2.1")).Encode())]));
        yield return (PayloadType.IdInitiator, Plain([new IdentificationPayload(true, IdentificationType.Fqdn, "x.lab"u8.ToArray()),
            new AuthenticationPayload(AuthenticationMethod.SharedKeyMessageIntegrityCode, new byte[32]), sa, ts, tsr]));
    }

    /// <summary>Seals an arbitrary (possibly malformed) inner chain with the SA's real keys.</summary>
    private static byte[] SealRaw(IkeSa sa, IkeHeader header, PayloadType first, byte[] inner) =>
        sa.Protection!.SealPlaintext(header, first, inner);
}
