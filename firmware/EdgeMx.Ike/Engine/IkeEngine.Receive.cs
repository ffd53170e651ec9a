using System.Net;
using EdgeMx.Ike.Exchanges;
using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Engine;

/// <summary>
/// Receiving: parse the header, reject what is not IKEv2 (telling an IKEv1 peer apart, seed 001's version
/// mismatch), hand new IKE_SA_INIT requests to the responder and everything else to the SA its SPI names.
/// </summary>
public sealed partial class IkeEngine
{
    private readonly Dictionary<IPAddress, long> _versionReports = [];

    /// <summary>
    /// A datagram arrived on one of our IKE ports. <paramref name="datagram"/> is the IKE message itself (on the NAT-T
    /// port the transport has already removed the non-ESP marker); <paramref name="local"/> is where it arrived.
    /// Malformed input never throws: it is counted and dropped (or answered as RFC 7296 §2.21 allows).
    /// </summary>
    public IReadOnlyList<IkeAction> Receive(ReadOnlySpan<byte> datagram, IPEndPoint remote, IPEndPoint local)
    {
        ReceiveCore(datagram, remote, local);
        return Finish();
    }

    private void ReceiveCore(ReadOnlySpan<byte> datagram, IPEndPoint remote, IPEndPoint local)
    {
        Counters.DatagramsReceived++;
        if (datagram.Length < IkeHeader.Size)
        {
            Counters.Malformed++;
            return;
        }
        var reader = new IkeReader(datagram);
        var header = IkeHeader.Read(ref reader);
        if (header.MajorVersion != IkeHeader.Ikev2Major)
        {
            OnOtherVersion(header, remote, local);
            return;
        }

        IkeMessage message;
        try
        {
            message = IkeMessage.Decode(datagram);
        }
        catch (IkeProtocolException e)
        {
            Counters.Malformed++;
            // Only an IKE_SA_INIT request may be answered without a key (§2.5: UNSUPPORTED_CRITICAL_PAYLOAD).
            if (header.Exchange == ExchangeType.IkeSaInit && !header.IsResponse && header.ResponderSpi == 0
                && header.MessageId == 0 && e.Notify == NotifyType.UnsupportedCriticalPayload)
                SendUnprotected(header, remote, local, new NotifyPayload(e.Notify, e.NotifyData));
            return;
        }

        if (message.Exchange == ExchangeType.IkeSaInit && !message.IsResponse)
        {
            IkeSaInitResponder.Handle(this, datagram, message, remote, local);
            return;
        }
        var ourSpi = header.IsFromInitiator ? header.ResponderSpi : header.InitiatorSpi;
        if (!_sas.TryGetValue(ourSpi, out var sa))
        {
            Counters.UnknownSpi++;
            return;
        }
        // The I flag must say the other side sent it, and both SPIs must be this SA's (IKE_SA_INIT responses bring SPIr).
        if (header.IsFromInitiator == sa.IsOriginalInitiator) return;
        if (message.Exchange != ExchangeType.IkeSaInit && (header.InitiatorSpi != sa.SpiI || header.ResponderSpi != sa.SpiR)) return;
        Touch(sa);
        sa.Receive(datagram, message, remote, local);
    }

    /// <summary>
    /// Not IKEv2. An IKEv1 answer to our IKE_SA_INIT (it echoes our SPI as its initiator cookie) means the peer speaks
    /// only IKEv1: report that once and stop. A request of a higher major version gets INVALID_MAJOR_VERSION (§2.5).
    /// </summary>
    private void OnOtherVersion(IkeHeader header, IPEndPoint remote, IPEndPoint local)
    {
        Counters.Malformed++;
        if (header.MajorVersion > IkeHeader.Ikev2Major && !header.IsResponse)
        {
            SendUnprotected(header with { MajorVersion = IkeHeader.Ikev2Major, MinorVersion = 0 }, remote, local,
                new NotifyPayload(NotifyType.InvalidMajorVersion, [IkeHeader.Ikev2Major << 4]));
            return;
        }
        if (_sas.TryGetValue(header.InitiatorSpi, out var sa) && sa.IsOriginalInitiator && sa.State == IkeSaState.Connecting
            && remote.Address.Equals(sa.Remote.Address))
        {
            sa.Report(IkeEvents.VersionMismatch(sa.Name, remote, header.MajorVersion, header.MinorVersion));
            sa.Close("IKE version mismatch", reconnect: true, report: false);
            Touch(sa);
            return;
        }
        // An IKEv1 peer initiating to us: say so, at most once a minute per address.
        var now = Clock.Now;
        if (_versionReports.TryGetValue(remote.Address, out var last) && now - last < Clock.ToTicks(TimeSpan.FromMinutes(1))) return;
        if (_versionReports.Count > 1024) _versionReports.Clear();
        _versionReports[remote.Address] = now;
        var name = CandidateSettings(remote.Address).FirstOrDefault()?.Name ?? "ike";
        Emit(new ReportEvent(IkeEvents.VersionMismatch(name, remote, header.MajorVersion, header.MinorVersion)));
    }

    /// <summary>An unauthenticated answer to a request (only for IKE_SA_INIT and version errors).</summary>
    internal void SendUnprotected(IkeHeader request, IPEndPoint remote, IPEndPoint local, params IkePayload[] payloads)
    {
        var header = new IkeHeader(request.InitiatorSpi, request.ResponderSpi, PayloadType.None, request.MajorVersion,
            request.MinorVersion, request.Exchange, IkeHeaderFlags.Response, request.MessageId, 0);
        Emit(new SendDatagram(local, remote, new IkeMessage(header, payloads).Encode()));
    }
}
