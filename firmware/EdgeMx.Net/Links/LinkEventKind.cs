namespace EdgeMx.Net.Links;

public enum LinkEventKind
{
    /// <summary>The link existed when the monitor started (the initial snapshot comes first, one event per link).</summary>
    Present,
    /// <summary>A link appeared after the snapshot.</summary>
    Added,
    /// <summary>Carrier, operstate, flags, MTU, name or addresses changed.</summary>
    Changed,
    /// <summary>The link is gone (the event carries its last known state).</summary>
    Removed,
}
