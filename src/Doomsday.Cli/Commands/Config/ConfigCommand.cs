using System.CommandLine;
using Doomsday.Cli.Hosting;

namespace Doomsday.Cli.Commands.Config;

/// <summary><c>doomsday config</c>: verbs about the <c>watch</c> configuration file (docs/configuration.md).</summary>
public static class ConfigCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("config", "Work with the doomsday watch configuration file.");
        command.Subcommands.Add(ConfigCheckCommand.Create(context));
        return command;
    }
}
