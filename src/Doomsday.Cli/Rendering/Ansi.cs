namespace Doomsday.Cli.Rendering;

/// <summary>SGR sequences (ECMA-48) for the tones: the 16 basic colours every terminal has, no 256-colour or RGB codes.</summary>
internal static class Ansi
{
    private const string Reset = "\e[0m";

    public static string Paint(string text, Tone tone) => tone == Tone.None || text.Length == 0 ? text : $"\e[{Code(tone)}m{text}{Reset}";

    private static string Code(Tone tone) => tone switch
    {
        Tone.Ok => "32",
        Tone.Warning => "33",
        Tone.Critical => "31",
        Tone.Emergency => "1;31",
        Tone.Expired => "1;37;41",
        Tone.Info => "34",
        Tone.Dim => "90",
        Tone.Bold => "1",
        Tone.Command => "36",
        Tone.Error => "31",
        _ => "0",
    };
}
