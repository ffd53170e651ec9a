using EdgeMx.Hal.Linux.Interop;

namespace EdgeMx.Hal.Linux.Crypto.Kernel;

/// <summary>
/// The definitive test of kernel ESP: ask XFRM to install ESP SAs and see whether it accepts them. It runs in a
/// throwaway network namespace (a dedicated thread calls unshare(CLONE_NEWNET), opens the NETLINK_XFRM socket there,
/// and exits), so the appliance's own SAD is never touched; the SAs vanish with the namespace. The baseline SA
/// (AES-CBC + HMAC-SHA-256) decides whether ESP exists; a second one (AES-GCM) whether the kernel can do GCM.
/// </summary>
internal static class XfrmEspProbe
{
    public enum Outcome
    {
        EspAccepted,
        EspNotSupported,
        XfrmUnavailable,
        NotPermitted,
        Inconclusive,
    }

    public sealed record Result(Outcome Outcome, string Detail, bool Gcm = false);

    public static Result Run(TimeSpan timeout)
    {
        var result = new Result(Outcome.Inconclusive, "probe did not finish");
        var thread = new Thread(() => result = InPrivateNamespace(timeout)) { IsBackground = true, Name = "xfrm-esp-probe" };
        thread.Start();
        return thread.Join(timeout * 2 + TimeSpan.FromSeconds(1)) ? result : new Result(Outcome.Inconclusive, "probe timed out");
    }

    private static Result InPrivateNamespace(TimeSpan timeout)
    {
        if (Libc.Unshare(Libc.CLONE_NEWNET) != 0)
            return new Result(Outcome.NotPermitted, LinuxErrorException.FromLastError("unshare", "CLONE_NEWNET").Message);
        var fd = Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_XFRM);
        if (fd < 0)
            return new Result(Outcome.XfrmUnavailable, LinuxErrorException.FromLastError("socket", "AF_NETLINK/NETLINK_XFRM").Message);
        using var socket = new FileDescriptorHandle(fd);

        var (baseline, detail) = Request(fd, XfrmProbeMessage.Algorithms.CbcHmacSha256, spi: 0xED6E0001, sequence: 1, timeout);
        switch (baseline)
        {
            case 0:
                var (gcm, _) = Request(fd, XfrmProbeMessage.Algorithms.Gcm, spi: 0xED6E0002, sequence: 2, timeout);
                return new Result(Outcome.EspAccepted,
                    "the kernel accepted ESP SAs (cbc(aes)+hmac(sha256)" + (gcm == 0 ? ", rfc4106(gcm(aes))" : "; not rfc4106(gcm(aes))") + ") in a scratch namespace",
                    Gcm: gcm == 0);
            case Libc.EPROTONOSUPPORT:
                return new Result(Outcome.EspNotSupported, "the kernel refused an ESP SA: EPROTONOSUPPORT (no esp4)");
            case Libc.ENOSYS:
                return new Result(Outcome.EspNotSupported, "the kernel's crypto API lacks cbc(aes) or hmac(sha256) (ENOSYS)");
            default:
                return new Result(Outcome.Inconclusive, detail);
        }
    }

    private static unsafe (int? Errno, string Detail) Request(int fd, XfrmProbeMessage.Algorithms algorithms, uint spi, uint sequence,
        TimeSpan timeout)
    {
        var message = XfrmProbeMessage.Build(spi, sequence, algorithms);
        fixed (byte* p = message)
        {
            if (Libc.Send(fd, p, (nuint)message.Length, 0) != message.Length)
                return (null, LinuxErrorException.FromLastError("send", "XFRM_MSG_NEWSA").Message);
        }
        var poll = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
        if (Libc.Poll(&poll, 1, (int)timeout.TotalMilliseconds) <= 0)
            return (null, "no answer from the kernel's XFRM netlink");
        var reply = new byte[4096];
        nint received;
        fixed (byte* p = reply) received = Libc.Recv(fd, p, (nuint)reply.Length, 0);
        if (received < 0)
            return (null, LinuxErrorException.FromLastError("recv", "NETLINK_XFRM").Message);
        var errno = XfrmProbeMessage.ReadAck(reply.AsSpan(0, (int)received), sequence);
        return errno switch
        {
            null => (null, "unexpected reply from XFRM netlink"),
            0 => (0, "accepted"),
            { } e => (e, new LinuxErrorException("XFRM_MSG_NEWSA", "ESP", e).Message),
        };
    }
}
