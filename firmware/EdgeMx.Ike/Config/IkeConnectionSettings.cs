using System.Net;
using EdgeMx.Ike.Crypto;

namespace EdgeMx.Ike.Config;

/// <summary>
/// One IKE connection: who we are, whom we talk to, how. A connection with <see cref="Initiate"/> keeps itself up
/// (a branch towards its hub); without it, it only answers (hub mode, or a spoke that waits to be called).
/// <see cref="RemoteAddress"/> null means "any address" (responder only).
/// </summary>
public sealed record IkeConnectionSettings
{
    public required string Name { get; init; }
    public IPAddress? RemoteAddress { get; init; }
    public int RemotePort { get; init; } = 500;
    public required IkeIdentity LocalId { get; init; }
    public IkeIdentity RemoteId { get; init; } = IkeIdentity.Any;

    /// <summary>The pre-shared key. Never logged, never in status or events.</summary>
    public required byte[] PreSharedKey { get; init; }

    public required IReadOnlyList<CryptoProposal> IkeProposals { get; init; }
    public required IReadOnlyList<ChildSaSettings> Children { get; init; }
    public bool Initiate { get; init; } = true;
    public LifetimeSettings IkeLifetime { get; init; } = LifetimeSettings.Default;
    public DpdSettings Dpd { get; init; } = DpdSettings.Default;
    public RetransmitSchedule Retransmit { get; init; } = RetransmitSchedule.Default;
    public NatSettings Nat { get; init; } = NatSettings.Default;
    public RedirectSettings Redirect { get; init; } = RedirectSettings.Default;

    /// <summary>What to do when the peer deletes the IKE SA or it expires without a rekey.</summary>
    public DeadPeerAction CloseAction { get; init; } = DeadPeerAction.Restart;

    /// <summary>Wait before initiating again after a failure; doubles per failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(120);
}
