using EdgeMx.Ike.Messages;
using EdgeMx.Ike.Messages.Payloads;

namespace EdgeMx.Ike.Exchanges;

/// <summary>Routes an authenticated request to the responder of its exchange type; returns the response payloads.</summary>
internal static class Responders
{
    public static IReadOnlyList<IkePayload> Handle(IkeSa sa, IkeMessage request) => request.Exchange switch
    {
        ExchangeType.IkeAuth => IkeAuthResponder.Handle(sa, request),
        ExchangeType.CreateChildSa => CreateChildSaResponder.Handle(sa, request),
        ExchangeType.Informational => InformationalResponder.Handle(sa, request),
        _ => throw IkeProtocolException.Syntax($"exchange type {(byte)request.Exchange} is not supported"),
    };
}
