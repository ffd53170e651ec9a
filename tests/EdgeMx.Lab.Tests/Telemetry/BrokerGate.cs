namespace EdgeMx.Lab.Tests.Telemetry;

/// <summary>
/// nftables in $P-svc refusing (TCP reset, as a stopped broker would) every connection to :1883 that does not come
/// over loopback. Closing the gate before <c>broker-start</c> lets a loopback subscriber subscribe before the
/// appliance reconnects, so "everything queued arrives" is judged by a subscriber that was surely listening.
/// </summary>
public static class BrokerGate
{
    private const string Table = "edgemx_mqtt_gate";

    public static async Task CloseAsync(Lab lab) =>
        (await lab.RunAsync("svc",
            $"nft add table inet {Table} && nft add chain inet {Table} input '{{ type filter hook input priority 0; }}' && " +
            $"nft add rule inet {Table} input iifname != lo tcp dport 1883 reject with tcp reset")).EnsureSuccess();

    public static async Task OpenAsync(Lab lab) => await lab.RunAsync("svc", $"nft delete table inet {Table} 2>/dev/null || true");
}
