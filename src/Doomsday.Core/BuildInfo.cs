using System.Reflection;

namespace Doomsday.Core;

/// <summary>
/// The version, commit and build date of this build, in one place: <c>doomsday --version</c> prints
/// <see cref="Line"/>. Stamped by MSBuild (src/Directory.Build.targets, from <c>VersionPrefix</c> in
/// Directory.Build.props and <c>git rev-parse</c>), read here from the assembly's own metadata.
/// </summary>
public static class BuildInfo
{
    private static readonly Assembly Self = typeof(BuildInfo).Assembly;

    /// <summary>The release version (<c>0.1.0</c>), without the commit that the informational version appends.</summary>
    public static string Version { get; } =
        (Self.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>The abbreviated git commit, or <c>unknown</c> when built outside a checkout.</summary>
    public static string Commit { get; } = Metadata("DoomsdayCommit") ?? "unknown";

    /// <summary>The UTC day of the build (<c>yyyy-MM-dd</c>), or <c>unknown</c>.</summary>
    public static string BuildDate { get; } = Metadata("DoomsdayBuildDate") ?? "unknown";

    /// <summary><c>doomsday 0.1.0 (commit 0123456789ab, built 2026-12-06)</c>.</summary>
    public static string Line => $"doomsday {Version} (commit {Commit}, built {BuildDate})";

    private static string? Metadata(string key) =>
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value is { Length: > 0 } v ? v : null;
}
