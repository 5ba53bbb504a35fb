namespace Doomsday.Daemon.Configuration;

/// <summary>Reads the config file: settings, or every error as the user sees it (<c>FILE:LINE: field: message</c>, as <c>config check</c> prints).</summary>
public interface IDaemonConfigLoader
{
    DaemonConfigLoad Load(string path);
}
