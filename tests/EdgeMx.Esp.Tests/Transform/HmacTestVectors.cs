using System.Text;
using EdgeMx.Esp.Transform;
using EdgeMx.Testing;

namespace EdgeMx.Esp.Tests.Transform;

/// <summary>
/// Truncated-HMAC test cases: RFC 4868 §2.7.2 (HMAC-SHA-256-128, -384-192, -512-256, keys of the full hash length)
/// and RFC 2202 §3 cases truncated to 96 bits as RFC 2404 specifies for HMAC-SHA-1-96.
/// </summary>
public static class HmacTestVectors
{
    public sealed record Case(string Source, EspIntegrity Integrity, string Key, string Data, string Icv)
    {
        public override string ToString() => $"{Source} {Integrity}";
    }

    private static string Repeat(string hexByte, int count) => string.Concat(Enumerable.Repeat(hexByte, count));
    private static string Ascii(string text) => Hex.Format(Encoding.ASCII.GetBytes(text));

    public static readonly Case[] All =
    [
        new("RFC 2202 case 1", EspIntegrity.HmacSha1_96, Repeat("0b", 20), Ascii("Hi There"), "b617318655057264e28bc0b6"),
        new("RFC 2202 case 3", EspIntegrity.HmacSha1_96, Repeat("aa", 20), Repeat("dd", 50), "125d7342b9ac11cd91a39af4"),
        new("RFC 4868 test case 1", EspIntegrity.HmacSha256_128, Repeat("0b", 32), Ascii("Hi There"), "198a607eb44bfbc69903a0f1cf2bbdc5"),
        new("RFC 4868 test case 2", EspIntegrity.HmacSha256_128, Ascii("JefeJefeJefeJefeJefeJefeJefeJefe"),
            Ascii("what do ya want for nothing?"), "167f928588c5cc2eef8e3093caa0e87c"),
        new("RFC 4868 test case 3", EspIntegrity.HmacSha256_128, Repeat("aa", 32), Repeat("dd", 50), "cdcb1220d1ecccea91e53aba3092f962"),
        new("RFC 4868 test case 1", EspIntegrity.HmacSha384_192, Repeat("0b", 48), Ascii("Hi There"),
            "b6a8d5636f5c6a7224f9977dcf7ee6c7fb6d0c48cbdee973"),
        new("RFC 4868 test case 2", EspIntegrity.HmacSha384_192, Ascii("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"),
            Ascii("what do ya want for nothing?"), "2c7353974f1842fd66d53c452ca42122b28c0b594cfb184d"),
        new("RFC 4868 test case 3", EspIntegrity.HmacSha384_192, Repeat("aa", 48), Repeat("dd", 50),
            "809f439be00274321d4a538652164b53554a508184a0c316"),
        new("RFC 4868 test case 1", EspIntegrity.HmacSha512_256, Repeat("0b", 64), Ascii("Hi There"),
            "637edc6e01dce7e6742a99451aae82df23da3e92439e590e43e761b33e910fb8"),
        new("RFC 4868 test case 2", EspIntegrity.HmacSha512_256,
            Ascii("JefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefeJefe"),
            Ascii("what do ya want for nothing?"), "cb370917ae8a7ce28cfd1d8f4705d6141c173b2a9362c15df235dfb251b15454"),
        new("RFC 4868 test case 3", EspIntegrity.HmacSha512_256, Repeat("aa", 64), Repeat("dd", 50),
            "2ee7acd783624ca9398710f3ee05ae41b9f9b0510c87e49e586cc9bf961733d8"),
    ];

    public static IEnumerable<object[]> Cases() => All.Select(c => new object[] { c });
}
