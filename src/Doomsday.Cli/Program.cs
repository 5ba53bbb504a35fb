using Doomsday.Cli;
using Doomsday.Cli.Hosting;

// Every command gets the descriptors the system allows, as under the JIT (Hosting/OpenFileLimit).
OpenFileLimit.Raise();

// The daemon runs with tiered compilation, which the published build leaves off for one-shot commands,
// and takes its stop and reload signals from the first instant (Hosting/DaemonRuntime).
if (args is ["watch", ..])
{
    DaemonRuntime.EnsureTieredCompilation(args);
    DaemonRuntime.Install();
}

return await DoomsdayApp.RunAsync(args, CliContext.FromProcess());
