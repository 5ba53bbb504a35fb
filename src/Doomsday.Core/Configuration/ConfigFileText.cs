using System.Text;

namespace Doomsday.Core.Configuration;

/// <summary>Reads a config file's text for <see cref="WatchConfigLoader"/> and <see cref="ServerSectionLoader"/> alike: the text, or the one <c>unreadable</c> error.</summary>
internal static class ConfigFileText
{
    public static string? Read(string path, out ConfigError? error)
    {
        error = null;
        try
        {
            return File.ReadAllText(Path.GetFullPath(path), Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e is UnauthorizedAccessException ? "permission denied" : "cannot be read";
            error = new ConfigError(path, 0, 0, "", ConfigErrorCodes.Unreadable, reason);
            return null;
        }
    }
}
