using Doomsday.Cli;
using Doomsday.Cli.Hosting;

return await DoomsdayApp.RunAsync(args, CliContext.FromProcess());
