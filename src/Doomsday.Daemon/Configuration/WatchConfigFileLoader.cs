using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Daemon.Configuration;

/// <summary>Loads the YAML config with the same loader and the same messages as <c>doomsday config check</c>.</summary>
public sealed class WatchConfigFileLoader(Func<string, string?> env) : IDaemonConfigLoader
{
    public DaemonConfigLoad Load(string path)
    {
        var result = WatchConfigLoader.Load(path, env);
        return result.Config is { } config
            ? DaemonConfigLoad.Valid(WatchConfigMapper.Map(config))
            : DaemonConfigLoad.Invalid(result.Errors.Select(e => e.ToString()).ToList());
    }
}
