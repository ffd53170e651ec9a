namespace EdgeMx.Core.Uplinks;

/// <summary>Running counts and the latest result of one probe target on one uplink.</summary>
public sealed class ProbeTally(string method, string target)
{
    public string Method { get; } = method;
    public string Target { get; } = target;
    public long Sent { get; private set; }
    public long Failed { get; private set; }
    public bool? LastSuccess { get; private set; }
    public TimeSpan? LastRtt { get; private set; }
    public string? LastFailure { get; private set; }
    public DateTimeOffset? LastAt { get; private set; }

    internal void Record(ProbeOutcome outcome, DateTimeOffset at)
    {
        Sent++;
        if (!outcome.Success) Failed++;
        LastSuccess = outcome.Success;
        LastRtt = outcome.Success ? outcome.Rtt : null;
        LastFailure = outcome.Success ? null : outcome.Failure ?? "failed";
        LastAt = at;
    }
}
