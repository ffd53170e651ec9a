namespace EdgeMx.Core.IO;

/// <summary>
/// Reads a file an operator named, refusing what would hang or exhaust the appliance: anything but a regular file
/// (a FIFO blocks the open, /dev/zero never ends), and more than a bound (the length a file reports is not trusted:
/// procfs and devices say 0). Failures are <see cref="IOException"/>s whose message completes "PATH ...".
/// </summary>
public static class BoundedFile
{
    public static byte[] ReadAllBytes(string path, int maxBytes)
    {
        EnsureRegular(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[Math.Min(maxBytes + 1, Math.Max(stream.Length + 1, 4096))];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes) throw new IOException($"is larger than {maxBytes} bytes");
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
            }
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0) break;
            total += n;
        }
        if (total > maxBytes) throw new IOException($"is larger than {maxBytes} bytes");
        return buffer[..total];
    }

    public static string ReadAllText(string path, int maxBytes) => System.Text.Encoding.UTF8.GetString(ReadAllBytes(path, maxBytes));

    /// <summary>Throws unless <paramref name="path"/> is a regular file (after symlinks) or missing (the open reports that).</summary>
    public static void EnsureRegular(string path)
    {
        var kind = FileKinds.Of(path);
        if (kind is not (FileKind.Regular or FileKind.Missing)) throw new IOException($"is {FileKinds.Describe(kind)}, not a regular file");
    }
}
