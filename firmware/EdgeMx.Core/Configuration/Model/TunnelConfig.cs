namespace EdgeMx.Core.Configuration.Model;

/// <summary>
/// One IKEv2 tunnel as written (`board-configs/schema/tunnels.schema.json`). Defaults are the documented ones (seed
/// 001: lifetime 28,800 s; strongSwan's retransmit schedule; seed 002's `dpd 30 5 on-demand`). EdgeMx.Ike's settings
/// are built from this by the tunnel service; the PSK is read from <see cref="PskFile"/> only there.
/// </summary>
public sealed record TunnelConfig
{
    public string Name { get; set; } = "";

    /// <summary>The hub: IPv4 address or DNS name. Null: accept any peer (listen only).</summary>
    public string? Peer { get; set; }
    public int PeerPort { get; set; } = 500;

    /// <summary>"initiate": bring the tunnel up and keep it up. "listen": only answer (the peer initiates).</summary>
    public string StartAction { get; set; } = "initiate";
    public TunnelIdConfig LocalId { get; set; } = new();

    /// <summary>Null: any identity the PSK authenticates.</summary>
    public TunnelIdConfig? RemoteId { get; set; }

    /// <summary>Root-only file whose first line is the pre-shared key; the key never appears in the config.</summary>
    public string PskFile { get; set; } = "";

    /// <summary>strongSwan syntax, comma-separated proposals.</summary>
    public string IkeProposals { get; set; } = "aes256gcm16-prfsha256-x25519,aes256-sha256-modp2048";
    public string EspProposals { get; set; } = "aes256gcm16,aes256-sha256";
    public List<string> LocalSubnets { get; set; } = [];
    public List<string> RemoteSubnets { get; set; } = [];
    public int IkeLifetimeSeconds { get; set; } = 28_800;
    public int ChildLifetimeSeconds { get; set; } = 28_800;
    public TunnelDpdConfig Dpd { get; set; } = new();
    public bool ForceEncapsulation { get; set; }
    public int NatKeepaliveSeconds { get; set; } = 20;
    public TunnelRedirectConfig Redirect { get; set; } = new();
    public TunnelRetransmitConfig Retransmit { get; set; } = new();

    /// <summary>
    /// Fail closed: while the tunnel has no CHILD_SA, traffic for <see cref="RemoteSubnets"/> is refused (an
    /// `unreachable` guard route) instead of following the default route out of the uplink unencrypted. On by
    /// default, as Meraki drops it unless Direct Internet Access fallback is enabled (seed 000: DIA off by default);
    /// false gives the old behaviour, and is where DIA will build on.
    /// </summary>
    public bool FailClosed { get; set; } = true;
}

/// <summary>An IKE identity: "fqdn" (hub1.example.com), "ipv4" (198.51.100.2) or "keyId" (opaque text).</summary>
public sealed record TunnelIdConfig
{
    public string Type { get; set; } = "fqdn";
    public string Value { get; set; } = "";
}

public sealed record TunnelDpdConfig
{
    /// <summary>"onDemand" (only when traffic went out and nothing came back), "periodic" or "none".</summary>
    public string Mode { get; set; } = "onDemand";
    public int DelaySeconds { get; set; } = 30;
    public int RetrySeconds { get; set; } = 5;
    public int TimeoutSeconds { get; set; } = 25;

    /// <summary>"restart" (initiate again) or "clear" (stay down).</summary>
    public string Action { get; set; } = "restart";
}

public sealed record TunnelRedirectConfig
{
    public bool Accept { get; set; } = true;
    public int MaxRedirects { get; set; } = 5;
    public int WindowSeconds { get; set; } = 300;
}

public sealed record TunnelRetransmitConfig
{
    public int TimeoutMs { get; set; } = 4000;
    public double Base { get; set; } = 1.8;
    public int Tries { get; set; } = 5;
}
