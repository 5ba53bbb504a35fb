namespace Doomsday.Watch.Configuration;

/// <summary>
/// One problem in a config file. <see cref="Line"/> and <see cref="Column"/> are 1-based and point at
/// the offending key or value in the file as written (before <c>${ENV}</c> substitution);
/// <see cref="Field"/> is the path to it (<c>probes[2].url</c>, lists indexed from 0; empty for the
/// whole document); <see cref="Code"/> is one of <see cref="ConfigErrorCodes"/>. The message never
/// holds a value that came from the environment.
/// </summary>
public sealed record ConfigError(string File, long Line, long Column, string Field, string Code, string Message)
{
    /// <summary>Compiler style: <c>FILE:LINE:COL: field: message [code]</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Field.Length == 0 ? "" : Field + ": ")}{Message} [{Code}]";
}
