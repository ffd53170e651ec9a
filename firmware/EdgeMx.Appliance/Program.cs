using EdgeMx.Appliance.Cli;
using EdgeMx.Appliance.Hosting;

// The `edgemx` executable: the appliance (`run`) and the operator's commands that talk to it over the control socket.
return await EdgeMxCommand.MainAsync(args).ConfigureAwait(false);
