namespace EdgeMx.Core.Configuration.Model;

public sealed record EventLogConfig
{
    public const string DefaultPath = "/var/lib/edgemx/events.jsonl";
    public string Path { get; set; } = DefaultPath;
    public int Capacity { get; set; } = 5000;
}
