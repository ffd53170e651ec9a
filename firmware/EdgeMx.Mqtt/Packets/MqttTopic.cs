namespace EdgeMx.Mqtt.Packets;

/// <summary>Topic names and filters (MQTT 5.0 §4.7): validation and filter matching.</summary>
public static class MqttTopic
{
    /// <summary>A topic name for PUBLISH: no wildcards, no U+0000 (§4.7.3). Empty is the caller's decision (v5
    /// Topic Alias), so this only checks characters.</summary>
    public static bool IsValidName(string topic) =>
        topic.AsSpan().IndexOfAny('+', '#', '\0') < 0;

    /// <summary>A topic filter for SUBSCRIBE/UNSUBSCRIBE: non-empty; '#' only as the whole last level, '+' only as a
    /// whole level (§4.7.1.2, §4.7.1.3).</summary>
    public static bool IsValidFilter(string filter)
    {
        if (filter.Length == 0 || filter.Contains('\0')) return false;
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1)) return false;
            if (level.Contains('+') && level != "+") return false;
        }
        return true;
    }

    /// <summary>Whether <paramref name="topic"/> matches <paramref name="filter"/>. Topics starting with '$' are not
    /// matched by a leading wildcard (§4.7.2).</summary>
    public static bool Matches(string filter, string topic)
    {
        if (topic.StartsWith('$') && (filter.StartsWith('+') || filter.StartsWith('#'))) return false;
        var f = filter.AsSpan();
        var t = topic.AsSpan();
        while (true)
        {
            var fEnd = f.IndexOf('/');
            var fLevel = fEnd < 0 ? f : f[..fEnd];
            if (fLevel is "#") return true;
            var tEnd = t.IndexOf('/');
            var tLevel = tEnd < 0 ? t : t[..tEnd];
            if (fLevel is not "+" && !fLevel.SequenceEqual(tLevel)) return false;
            if (fEnd < 0 || tEnd < 0)
            {
                // "a/#" also matches "a" (the parent level, §4.7.1.2).
                return fEnd < 0 && tEnd < 0 || (tEnd < 0 && f[(fEnd + 1)..] is "#");
            }
            f = f[(fEnd + 1)..];
            t = t[(tEnd + 1)..];
        }
    }
}
