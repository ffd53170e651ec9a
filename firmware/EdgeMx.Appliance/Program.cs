// The `edgemx` executable. The command verbs (run, status, events, config validate) are added by the appliance work.
Console.Error.WriteLine("usage: edgemx run --config FILE | status [--json] | events [--since T] [--follow] [--json] | config validate FILE");
return 2;
