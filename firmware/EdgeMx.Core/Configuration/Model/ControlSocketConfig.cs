namespace EdgeMx.Core.Configuration.Model;

public sealed record ControlSocketConfig
{
    public const string DefaultPath = "/run/edgemx/control.sock";
    public string Path { get; set; } = DefaultPath;
}
