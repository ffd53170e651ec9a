namespace EdgeMx.Esp.Transform;

/// <summary>Padding, Pad Length and Next Header (RFC 4303 §2.4-§2.6).</summary>
public static class EspTrailer
{
    /// <summary>The fewest padding octets that align payload + trailer to <paramref name="alignment"/>.</summary>
    public static int PaddingLength(int payloadLength, int alignment) =>
        (alignment - (payloadLength + EspPacket.TrailerSize) % alignment) % alignment;

    /// <summary>
    /// Writes padding, Pad Length and Next Header right after the payload. RFC 4303 §2.4: with no other padding
    /// scheme specified by the cipher, the padding octets are the monotonically increasing series 1, 2, 3, ...
    /// </summary>
    public static void Write(Span<byte> afterPayload, int paddingLength, byte nextHeader)
    {
        if ((uint)paddingLength > byte.MaxValue) throw new ArgumentOutOfRangeException(nameof(paddingLength));
        for (var i = 0; i < paddingLength; i++) afterPayload[i] = (byte)(i + 1);
        afterPayload[paddingLength] = (byte)paddingLength;
        afterPayload[paddingLength + 1] = nextHeader;
    }

    /// <summary>
    /// Reads the trailer of an authenticated, decrypted payload: Pad Length must leave room for itself and Next
    /// Header, and the padding must be 1, 2, 3, ... (RFC 4303 §2.4 lets the receiver check it; we do, since a
    /// mismatch after a good ICV means a broken peer).
    /// </summary>
    public static EspDropReason TryRead(ReadOnlySpan<byte> plaintext, out int payloadLength, out byte nextHeader)
    {
        payloadLength = 0;
        nextHeader = 0;
        if (plaintext.Length < EspPacket.TrailerSize) return EspDropReason.Malformed;
        int padLength = plaintext[^2];
        var end = plaintext.Length - EspPacket.TrailerSize - padLength;
        if (end < 0) return EspDropReason.BadPadding;
        var padding = plaintext.Slice(end, padLength);
        for (var i = 0; i < padding.Length; i++)
            if (padding[i] != (byte)(i + 1)) return EspDropReason.BadPadding;
        payloadLength = end;
        nextHeader = plaintext[^1];
        return EspDropReason.None;
    }
}
