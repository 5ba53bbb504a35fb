using Doomsday.Cli;
using Doomsday.Cli.Hosting;

// The daemon runs with tiered compilation, which the published build leaves off for one-shot commands.
if (args is ["watch", ..]) DaemonRuntime.EnsureTieredCompilation(args);

return await DoomsdayApp.RunAsync(args, CliContext.FromProcess());
