namespace EdgeMx.Appliance.Cli;

public static class Usage
{
    public const string Text = """
        usage: edgemx COMMAND [OPTIONS]

          run --config FILE [--control-socket PATH] [--event-log PATH] [--led-state-file PATH] [--log-format json|text] [--verbose]
                 run the appliance in the foreground (SIGTERM/SIGINT stop it cleanly, SIGHUP reloads FILE)
          status [--json] [--watch] [--socket PATH]
                 uplinks, links, monitors, roles and counters; --json prints the documented state document;
                 --watch redraws on every change together with the latest events (Ctrl-C to quit)
          events [--since 10m|2h|1d|ISO-TIME] [--after SEQ] [--max N] [--follow] [--json] [--socket PATH]
                 the event log, oldest first (the last 100 unless --max); --follow keeps streaming
          config validate FILE [--local] [--json] [--socket PATH]
                 checks FILE (every problem, with its JSON path); asks the running appliance when there is one
                 (it knows its interfaces), else checks here (--local forces that); exit 1 when invalid
          config reload [--socket PATH]
                 makes the running appliance load its configuration file again (like SIGHUP)
          version

        The control socket is /run/edgemx/control.sock unless --socket or $EDGEMX_SOCKET says otherwise; it is root-only.
        """;
}
