using System.Reflection;
using System.Runtime.InteropServices;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// What <c>doomsday --version</c> prints, read from the assembly's own metadata so that every copy of the
/// values agrees: the version and commit from the informational version (<c>1.2.0+COMMIT</c>, the commit
/// added by the SDK's SourceLink), the build date from the <c>BuildDate</c> metadata the project file sets
/// (Doomsday.Cli.csproj: <c>SOURCE_DATE_EPOCH</c> when set, else the commit's date, so a commit always
/// builds to the same bytes).
/// </summary>
internal static class BuildInfo
{
    private static readonly Assembly Self = typeof(BuildInfo).Assembly;

    private static string Informational => Self.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Version => Informational.Split('+')[0];

    public static string Commit => Informational.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : "unknown";

    public static string BuildDate =>
        Self.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BuildDate")?.Value is { Length: > 0 } date ? date : "unknown";

    public static string Runtime => $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})";

    /// <summary>Four lines, <c>KEY: value</c> after the first (<c>doomsday 1.0.0</c>): for people and for scripts.</summary>
    public static string Text => $"""
        doomsday {Version}
        commit: {Commit}
        built: {BuildDate}
        runtime: {Runtime}

        """;
}
