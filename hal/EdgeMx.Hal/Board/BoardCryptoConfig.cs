namespace EdgeMx.Hal.Board;

/// <summary>
/// Crypto on this board. <see cref="Provider"/>: "auto" (platform if its self-test passes, else managed), "platform"
/// or "managed" (preferred; the other is the fallback). <see cref="KernelEspOffload"/>: "auto" (probe the kernel) or
/// "off". <see cref="Capabilities"/>: the CPU crypto instructions the board's SoC has ("aes", "pmull", "sha1",
/// "sha2"), compared at start-up with what the CPU reports.
/// </summary>
public sealed record BoardCryptoConfig
{
    public string Provider { get; set; } = "auto";
    public string KernelEspOffload { get; set; } = "auto";
    public List<string> Capabilities { get; set; } = [];
}
