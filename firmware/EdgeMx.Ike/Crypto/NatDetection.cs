using System.Buffers.Binary;
using System.Net;
using EdgeMx.Hal.Crypto;

namespace EdgeMx.Ike.Crypto;

/// <summary>
/// NAT_DETECTION_SOURCE_IP / _DESTINATION_IP data (RFC 7296 §2.23): SHA-1(SPIi | SPIr | IP | Port), with the SPIs
/// as in the IKE header (SPIr zero in the IKE_SA_INIT request) and the address in network order.
/// </summary>
public static class NatDetection
{
    public const int HashSize = 20;

    public static byte[] Hash(ICryptoProvider provider, ulong spiI, ulong spiR, IPEndPoint endpoint)
    {
        Span<byte> data = stackalloc byte[16 + 16 + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, spiI);
        BinaryPrimitives.WriteUInt64BigEndian(data[8..], spiR);
        endpoint.Address.TryWriteBytes(data[16..], out var addressLength);
        BinaryPrimitives.WriteUInt16BigEndian(data[(16 + addressLength)..], (ushort)endpoint.Port);
        var hash = new byte[HashSize];
        provider.ComputeHash(HashAlgorithm.Sha1, data[..(16 + addressLength + 2)], hash);
        return hash;
    }
}
