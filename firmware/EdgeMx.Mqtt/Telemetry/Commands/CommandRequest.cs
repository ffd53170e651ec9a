namespace EdgeMx.Mqtt.Telemetry.Commands;

/// <summary>Optional JSON body of a command: <c>{"requestId": "..."}</c>. An empty payload is a request without id.</summary>
public sealed record CommandRequest
{
    public string? RequestId { get; set; }
}
