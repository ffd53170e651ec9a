using System.Security.Cryptography;
using System.Text;

namespace EdgeMx.Lab.Tests;

/// <summary>
/// Asks "is an IKEv2 responder there?" from inside a lab node: sends a bare IKE_SA_INIT request header with a random
/// initiator SPI and no payloads, and checks for a response that echoes the SPI (charon answers INVALID_SYNTAX).
/// </summary>
public static class IkeProbe
{
    // RFC 7296 §3.1 IKE header: SPIi(8) SPIr(8) next payload(1) version(1) exchange type(1) flags(1) message id(4) length(4).
    private const int HeaderLength = 28;
    private const byte Version2 = 0x20;
    private const byte IkeSaInit = 34;
    private const byte FlagInitiator = 0x08;
    private const byte FlagResponse = 0x20;

    /// <summary>True when something answered as an IKE responder within <paramref name="wait"/> (default 2 s).</summary>
    /// <param name="port">500, or 4500 (the request then carries the 4-byte non-ESP marker, RFC 3948 §2.2).</param>
    public static async Task<bool> AnswersAsync(Lab lab, string fromNode, string address, int port = 500, TimeSpan? wait = null)
    {
        var spi = RandomNumberGenerator.GetBytes(8);
        var request = new byte[HeaderLength];
        spi.CopyTo(request, 0);
        request[17] = Version2;
        request[18] = IkeSaInit;
        request[19] = FlagInitiator;
        request[27] = HeaderLength;
        var marker = port == 4500 ? new byte[4] : [];
        var datagram = marker.Concat(request).ToArray();

        // bash: a connected UDP socket (/dev/udp); the datagram is made by printf's octal escapes and written in one
        // write(2) by dd (printf alone may split it at NUL bytes into several datagrams), resent every 0.5 s like an
        // IKE retransmission; dd reads one datagram back (an ICMP port unreachable ends the read
        // at once) and od prints it as hex.
        var octal = new StringBuilder();
        foreach (var b in datagram) octal.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
        var attempts = Math.Max(1, (int)Math.Ceiling((wait ?? TimeSpan.FromSeconds(2)).TotalSeconds / 0.5));
        var result = await lab.RunArgsAsync(fromNode, ["bash", "-c", $$"""
            exec 3<>/dev/udp/{{address}}/{{port}} || exit 0
            for i in $(seq {{attempts}}); do
              printf '{{octal}}' | dd bs={{datagram.Length}} count=1 iflag=fullblock >&3 2>/dev/null
              reply=$(timeout 0.5 dd bs=4096 count=1 <&3 2>/dev/null | od -An -v -tx1)
              if [ -n "$reply" ]; then echo "$reply"; exit 0; fi
              sleep 0.05
            done
            """], TimeSpan.FromSeconds(30));

        var reply = Convert.FromHexString(string.Concat(result.StdOut.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        if (reply.Length < marker.Length + HeaderLength) return false;
        var header = reply.AsSpan(marker.Length);
        return header[..8].SequenceEqual(spi) && header[18] == IkeSaInit && (header[19] & FlagResponse) != 0;
    }
}
