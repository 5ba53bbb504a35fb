namespace Doomsday.Daemon.Configuration;

/// <summary>Either <see cref="Settings"/> (valid) or <see cref="Errors"/> (at least one).</summary>
public sealed record DaemonConfigLoad(DaemonSettings? Settings, IReadOnlyList<string> Errors)
{
    public static DaemonConfigLoad Valid(DaemonSettings settings) => new(settings, []);
    public static DaemonConfigLoad Invalid(IReadOnlyList<string> errors) => new(null, errors);
}
