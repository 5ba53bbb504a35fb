using System.CommandLine;
using System.CommandLine.Invocation;
using Doomsday.Core;
using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Hosting;

/// <summary><c>doomsday --version</c>: version, commit and build date (<see cref="BuildInfo.Line"/>), instead of the bare assembly version.</summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(BuildInfo.Line);
        return ExitCodes.Ok;
    }

    public static void Replace(RootCommand root)
    {
        foreach (var option in root.Options) if (option is VersionOption) option.Action = new VersionAction();
    }
}
