using Doomsday.Core.Configuration.Rules;

namespace Doomsday.Watch.Configuration;

/// <summary>The SQLite store. <see cref="Path"/> is absolute once loaded (relative ones are resolved against the config file's directory).</summary>
public sealed record StoreOptions
{
    public const string DefaultPath = "doomsday.db";

    [ConfigPath]
    public string Path { get; init; } = DefaultPath;
    public RetentionOptions Retention { get; init; } = new();
}
