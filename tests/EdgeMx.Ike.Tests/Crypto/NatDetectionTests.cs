using System.Net;
using EdgeMx.Ike.Crypto;
using EdgeMx.Testing;

namespace EdgeMx.Ike.Tests.Crypto;

public class NatDetectionTests
{
    // SHA-1(SPIi | SPIr | IP | Port) (RFC 7296 §2.23); expected values from Python's hashlib.
    [Theory]
    [InlineData(0x0102030405060708UL, 0UL, "198.51.100.2", 500, "ffb5f34c3c39a75de3d3bfacc231e5649f991d18")]
    [InlineData(0x0102030405060708UL, 0x1112131415161718UL, "2001:db8::1", 4500, "1ee24423bf8f59515e0265c6d0f08be3d038f7e5")]
    public void Hash(ulong spiI, ulong spiR, string address, int port, string expected) =>
        Assert.Equal(expected, Hex.Format(NatDetection.Hash(TestCrypto.Provider, spiI, spiR, new IPEndPoint(IPAddress.Parse(address), port))));
}
