namespace EdgeMx.Ike.Engine;

/// <summary>The engine's only notion of time: <see cref="TimeProvider.GetTimestamp"/> values and spans between them.</summary>
internal readonly struct Clock(TimeProvider time)
{
    public TimeProvider Provider => time;

    public long Now => time.GetTimestamp();

    public long After(TimeSpan span) => Now + ToTicks(span);

    public long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    public TimeSpan Since(long timestamp) => time.GetElapsedTime(timestamp);

    public TimeSpan Until(long timestamp) => TimeSpan.FromSeconds((timestamp - Now) / (double)time.TimestampFrequency);

    public DateTimeOffset UtcNow => time.GetUtcNow();
}
