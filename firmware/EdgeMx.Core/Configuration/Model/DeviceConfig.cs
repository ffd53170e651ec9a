namespace EdgeMx.Core.Configuration.Model;

public sealed record DeviceConfig
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public string? Site { get; set; }
}
