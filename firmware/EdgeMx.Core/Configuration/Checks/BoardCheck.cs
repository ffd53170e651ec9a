using EdgeMx.Core.Board;
using EdgeMx.Core.Configuration.Model;

namespace EdgeMx.Core.Configuration.Checks;

/// <summary>
/// The board the config names must load and be valid (its own problems are reported at $.board, with their path
/// inside the profile), and every uplink should sit on one of the board's WAN ports (a warning: a USB modem may be
/// an uplink the board profile does not know; it just gets no LED).
/// </summary>
public sealed class BoardCheck : IConfigCheck
{
    public void Check(ApplianceConfig config, ConfigCheckContext context)
    {
        if (config.Board is null) return;
        var result = BoardProfileLoader.CreateDefault().Load(config.Board, context.BaseDirectory);
        foreach (var problem in result.Problems)
        {
            var message = $"board profile {result.Source}: {problem.Path}: {problem.Message}";
            if (problem.Severity == ConfigProblemSeverity.Error) context.Error("$.board", message);
            else context.Warning("$.board", message);
        }
        if (result.Profile is not { } board) return;
        var ports = board.Wan.Select(w => w.Interface).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < config.Uplinks.Count; i++)
        {
            if (!ports.Contains(config.Uplinks[i].Interface))
                context.Warning($"$.uplinks[{i}].interface",
                    $"\"{config.Uplinks[i].Interface}\" is not a WAN port of board {board.Id} ({string.Join(", ", board.Wan.Select(w => $"{w.Port}={w.Interface}"))}): it will have no LED");
        }
    }
}
