namespace EdgeMx.Lab.Tests;

/// <summary>How a hub's private /health endpoint behaves (lab.sh health N ok|503|hang).</summary>
public enum HealthMode
{
    /// <summary>200 OK.</summary>
    Ok,

    /// <summary>503 Service Unavailable.</summary>
    Unavailable,

    /// <summary>Accepts the TCP connection and never answers.</summary>
    Hang,
}
