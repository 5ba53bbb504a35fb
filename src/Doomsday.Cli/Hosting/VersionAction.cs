using System.CommandLine;
using System.CommandLine.Invocation;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Hosting;

/// <summary><c>doomsday --version</c> through the parser: the same text as the short cut in <see cref="DoomsdayApp.RunAsync"/> (<see cref="BuildInfo.Text"/>), instead of the bare assembly version.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.Write(BuildInfo.Text);
        return ExitCodes.Ok;
    }

    public static void Replace(RootCommand root)
    {
        foreach (var option in root.Options) if (option is VersionOption) option.Action = new VersionAction();
    }
}
