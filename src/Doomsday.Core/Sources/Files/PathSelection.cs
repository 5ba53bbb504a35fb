namespace Doomsday.Core.Sources.Files;

/// <summary>
/// What a path scan covers: files, directories (walked recursively), and globs
/// (<c>/etc/**/*.crt</c>); <see cref="Include"/>/<see cref="Exclude"/> are globs matched against the path
/// relative to the directory being walked (and against the bare file name).
/// </summary>
public sealed record PathSelection(
    IReadOnlyList<string> Paths,
    IReadOnlyList<string>? Include = null,
    IReadOnlyList<string>? Exclude = null);
