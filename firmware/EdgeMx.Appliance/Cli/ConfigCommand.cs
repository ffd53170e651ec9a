using System.Text.Json;
using EdgeMx.Appliance.Control;
using EdgeMx.Appliance.Hosting;
using EdgeMx.Core.Configuration;

namespace EdgeMx.Appliance.Cli;

/// <summary>`edgemx config validate FILE` and `edgemx config reload`.</summary>
public static class ConfigCommand
{
    public static async Task<int> RunAsync(Arguments args, CancellationToken cancellationToken)
    {
        var verb = args.Positional.FirstOrDefault() ?? throw new UsageException("config needs a verb: validate FILE | reload");
        return verb switch
        {
            "validate" => await ValidateAsync(args, cancellationToken).ConfigureAwait(false),
            "reload" => await ReloadAsync(args, cancellationToken).ConfigureAwait(false),
            _ => throw new UsageException($"unknown config verb \"{verb}\"; expected validate or reload"),
        };
    }

    private static async Task<int> ValidateAsync(Arguments args, CancellationToken cancellationToken)
    {
        if (args.Positional.Count != 2) throw new UsageException("usage: edgemx config validate FILE");
        var file = Path.GetFullPath(args.Positional[1]);
        ConfigReport report;
        string? note = null;
        if (args.Flag("local"))
        {
            report = ConfigReport.From(ApplianceConfigLoader.Create(new SystemInterfaceInventory()).LoadFile(file));
        }
        else
        {
            try
            {
                await using var client = await ControlClient.ConnectAsync(ControlClient.ResolvePath(args.Value("socket")), cancellationToken).ConfigureAwait(false);
                var response = await client.RequestAsync(new ControlRequest { Type = ControlRequest.Validate, Path = file }, cancellationToken).ConfigureAwait(false);
                if (!response.Ok || response.Report is null) return StatusCommand.Refused(response);
                report = response.Report;
                note = "(checked by the running appliance)";
            }
            catch (ControlUnavailableException e)
            {
                report = ConfigReport.From(ApplianceConfigLoader.Create(new SystemInterfaceInventory()).LoadFile(file));
                note = $"(checked locally: {e.Message})";
            }
        }
        if (args.Flag("json"))
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new ControlResponse { Type = "validate", Report = report }, ControlJsonContext.Default.ControlResponse));
        }
        else
        {
            Console.Out.WriteLine(report.Text);
            if (note is not null) Console.Out.WriteLine(note);
        }
        return report.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static async Task<int> ReloadAsync(Arguments args, CancellationToken cancellationToken)
    {
        if (args.Positional.Count != 1) throw new UsageException("usage: edgemx config reload");
        await using var client = await ControlClient.ConnectAsync(ControlClient.ResolvePath(args.Value("socket")), cancellationToken).ConfigureAwait(false);
        var response = await client.RequestAsync(new ControlRequest { Type = ControlRequest.Reload }, cancellationToken).ConfigureAwait(false);
        if (!response.Ok) return StatusCommand.Refused(response);
        if (response.Report is { } report) Console.Out.WriteLine(report.Text);
        Console.Out.WriteLine(response.Message);
        return response.Applied == true ? ExitCodes.Ok : ExitCodes.Invalid;
    }
}
