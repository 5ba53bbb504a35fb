namespace Doomsday.Watch.Configuration;

/// <summary>
/// Either a whole valid <see cref="Config"/> and no errors, or no config and every error found. Never
/// both: a config with one bad field is not half-applied.
/// </summary>
public sealed record ConfigLoadResult(WatchOptions? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool IsValid => Config is not null;
}
