using Doomsday.Daemon.Configuration;

namespace Doomsday.Daemon.Reload;

/// <summary>
/// What a reload must not do even with a valid file: switch monitoring off by accident. An empty file, a file
/// truncated by a non-atomic rewrite (<c>: > cfg; cat new > cfg</c>) or cut short by a full disk is valid
/// YAML that monitors nothing, and applying it would silence the watchdog. So a reload that would leave no
/// probe and no certificate source while the running configuration has some is refused, unless the file
/// says so explicitly with the line <see cref="MonitorNothing"/> (docs/configuration.md, "Reload").
/// </summary>
internal static class ReloadGuard
{
    public const string MonitorNothing = "# doomsday: monitor nothing";

    /// <summary>Null when <paramref name="next"/> may replace <paramref name="current"/>; otherwise why not. <paramref name="configText"/> is read only when <paramref name="next"/> monitors nothing.</summary>
    public static string? Refuse(DaemonSettings current, DaemonSettings next, string configText)
    {
        if (!next.MonitorsNothing || current.MonitorsNothing) return null;
        if (configText.Split('\n').Any(line => line.Trim() == MonitorNothing)) return null;
        return $"the new file monitors nothing (no probe, no certificate source) while the running config does: an empty or half-written file looks like this, so it is not applied; to really monitor nothing, put the line '{MonitorNothing}' in the file";
    }
}
