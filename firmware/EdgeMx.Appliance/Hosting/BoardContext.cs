using EdgeMx.Hal.Board;

namespace EdgeMx.Appliance.Hosting;

/// <summary>The board profile in use (null: the config names none).</summary>
public sealed record BoardContext(BoardProfile? Board);
