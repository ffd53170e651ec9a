namespace EdgeMx.Esp.Backends.UserSpace;

/// <summary>
/// One ESP packet (SPI through ICV) ready to send, in memory that stays put until the send returns (the data plane's
/// pinned packet buffers): an address and a length, so a batch of them can go to the kernel as an iovec array.
/// </summary>
public readonly struct EspDatagram(nint address, int length)
{
    public nint Address { get; } = address;
    public int Length { get; } = length;

    /// <summary>The packet's bytes; valid only while the owner keeps the buffer (during the send call).</summary>
    public unsafe ReadOnlySpan<byte> Span => new((void*)Address, Length);
}
