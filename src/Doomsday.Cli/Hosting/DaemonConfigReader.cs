using Doomsday.Core.Configuration;

namespace Doomsday.Cli.Hosting;

/// <summary>Reads only what a client of the daemon needs from its config: where it listens and its token.</summary>
internal static class DaemonConfigReader
{
    public static bool TryReadServer(string path, Func<string, string?> env, out string listen, out string? token, out string error)
    {
        var result = WatchConfigLoader.Load(path, env);
        listen = ServerConfig.DefaultListen;
        token = null;
        error = "";
        if (result.Config is not { } config)
        {
            error = $"{path} is not a valid config (run 'doomsday config check {path}'): {result.Errors.FirstOrDefault()}";
            return false;
        }
        listen = config.Server.Listen;
        token = config.Server.BearerToken;
        return true;
    }
}
