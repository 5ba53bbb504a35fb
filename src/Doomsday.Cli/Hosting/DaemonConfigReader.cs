using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// Reads only what a client of the daemon needs from its config: where it listens and its token
/// (<see cref="ServerSectionLoader"/>: nothing else of the file is resolved, so the notifiers' secrets
/// need not be in this shell's environment).
/// </summary>
internal static class DaemonConfigReader
{
    public static bool TryReadServer(string path, Func<string, string?> env, out string listen, out string? token, out string error)
    {
        var (server, errors) = ServerSectionLoader.Load(path, env);
        listen = ServerOptions.DefaultListen;
        token = null;
        error = "";
        if (server is null)
        {
            error = $"cannot read the daemon's address from {path}: {string.Join("; ", errors)}";
            return false;
        }
        listen = server.Listen;
        token = server.BearerToken;
        return true;
    }
}
