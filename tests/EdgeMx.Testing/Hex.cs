namespace EdgeMx.Testing;

/// <summary>Hex for test vectors: whitespace and ':' are ignored so RFC text can be pasted as is.</summary>
public static class Hex
{
    public static byte[] Parse(string hex)
    {
        var clean = new string(hex.Where(c => !char.IsWhiteSpace(c) && c != ':').ToArray());
        return Convert.FromHexString(clean);
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
