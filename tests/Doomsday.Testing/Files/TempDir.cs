namespace Doomsday.Testing.Files;

/// <summary>A fresh directory under /tmp, deleted (with everything in it) on Dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("doomsday-test-").FullName;

    public string File(string relative, byte[] content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public string File(string relative, string content) => File(relative, System.Text.Encoding.UTF8.GetBytes(content));

    public string Dir(string relative) => Directory.CreateDirectory(Combine(relative)).FullName;

    /// <summary>
    /// Makes the tree readable by any user (temp directories start as 0700), for tests that drop to
    /// an unprivileged user and must be denied only what they lock on purpose.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void OpenToEveryone()
    {
        const UnixFileMode dirMode = (UnixFileMode)0b111_101_101;
        const UnixFileMode fileMode = (UnixFileMode)0b110_100_100;
        System.IO.File.SetUnixFileMode(Path, dirMode);
        foreach (var d in Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories)) System.IO.File.SetUnixFileMode(d, dirMode);
        foreach (var f in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)) System.IO.File.SetUnixFileMode(f, fileMode);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
