using System.CommandLine;
using Doomsday.Core.Inventory;
using Doomsday.Daemon.Client;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// How every verb that talks to the running daemon ends: connect (flags, <c>$DOOMSDAY_TOKEN</c>, the
/// config's <c>server</c> section), run, and turn a refusal or an unreachable daemon into one line on stderr
/// and exit code 1; a connection flag that cannot be used is exit code 3 (docs/exit-codes.md).
/// </summary>
internal static class DaemonCall
{
    public const int Refused = 1;

    public static async Task<int> RunAsync(CliContext context, HttpClient? http, DaemonConnectionOptions connection, ParseResult parse, string verb,
        Func<DaemonApiClient, Task<int>> call)
    {
        using var owned = http is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
        if (!connection.TryConnect(parse, context, http ?? owned!, out var client, out var error))
        {
            await context.Error.WriteLineAsync($"doomsday {verb}: {error}");
            return ExitCodes.InputError;
        }
        try
        {
            return await call(client!);
        }
        catch (DaemonApiException e)
        {
            await context.Error.WriteLineAsync($"doomsday {verb}: {e.Message}");
            return Refused;
        }
    }
}
