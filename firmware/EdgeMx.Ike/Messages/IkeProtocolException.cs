namespace EdgeMx.Ike.Messages;

/// <summary>
/// A message (or part of one) that cannot be accepted. Carries the notify type that RFC 7296 says to answer with
/// (INVALID_SYNTAX for malformed lengths, UNSUPPORTED_CRITICAL_PAYLOAD with the payload type as data, …);
/// whether anything is answered at all is the engine's decision (§2.21: never answer an unauthenticated error with
/// an error, never reply to a response).
/// </summary>
public sealed class IkeProtocolException : Exception
{
    public IkeProtocolException(NotifyType notify, string message, byte[]? notifyData = null)
        : base(message)
    {
        Notify = notify;
        NotifyData = notifyData ?? [];
    }

    public NotifyType Notify { get; }

    public byte[] NotifyData { get; }

    public static IkeProtocolException Syntax(string message) => new(NotifyType.InvalidSyntax, message);
}
