namespace Doomsday.Cli.Rendering;

/// <summary>The few looks human output uses; <see cref="Ansi"/> maps each to SGR codes.</summary>
internal enum Tone
{
    None,
    Ok,
    Warning,
    Critical,
    Emergency,
    Expired,
    Info,
    Dim,
    Bold,
    Command,
    Error,
}
