using Doomsday.Cli;
using Doomsday.Cli.Hosting;

// The daemon runs with tiered compilation, which the published build leaves off for one-shot commands,
// and takes its stop and reload signals from the first instant (Hosting/DaemonRuntime).
if (args is ["watch", ..])
{
    DaemonRuntime.EnsureTieredCompilation(args);
    DaemonRuntime.Install();
}

return await DoomsdayApp.RunAsync(args, CliContext.FromProcess());
