using System.Text;
using Doomsday.Core.Configuration;
using Doomsday.Core.Sources.Files;
using ReasonCodes = Doomsday.Core.Inventory.ReasonCodes;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// Reads a config file's text for <see cref="WatchConfigLoader"/> and <see cref="ServerSectionLoader"/> alike:
/// the text (UTF-8, a byte order mark dropped), or the one error that says why not (<c>unreadable</c>, or
/// <c>yaml_limit</c> beyond <see cref="WatchConfigLoader.MaxFileSize"/>).
/// </summary>
internal static class ConfigFileText
{
    public static string? Read(string path, out ConfigError? error)
    {
        error = null;
        if (!FileReader.TryRead(Path.GetFullPath(path), WatchConfigLoader.MaxFileSize, out var content, out var reason, out var message))
        {
            var (code, text) = reason switch
            {
                ReasonCodes.NotFound => (ConfigErrorCodes.Unreadable, "no such file"),
                ReasonCodes.PermissionDenied => (ConfigErrorCodes.Unreadable, "permission denied"),
                ReasonCodes.TooLarge => (ConfigErrorCodes.YamlLimit, $"{message!.Replace(" (--max-file-size)", "", StringComparison.Ordinal)}: a config file is read up to {WatchConfigLoader.MaxFileSize / (1024 * 1024)} MiB"),
                _ => (ConfigErrorCodes.Unreadable, $"cannot be read: {message}"),
            };
            error = new ConfigError(path, 0, 0, "", code, text);
            return null;
        }
        var bom = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        return Encoding.UTF8.GetString(content.AsSpan(bom));
    }
}
