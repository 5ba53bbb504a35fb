using System.Diagnostics;

namespace Doomsday.Bench;

/// <summary>Finds the doomsday executable to time: the one given, or a fresh Release publish of src/Doomsday.Cli.</summary>
internal static class DoomsdayBuild
{
    public static string? Locate(BenchOptions options)
    {
        if (options.Doomsday is not null) return options.Doomsday;
        var root = RepositoryRoot();
        if (root is null)
        {
            Console.Error.WriteLine("cannot find the repository (Doomsday.slnx) above the current directory; pass --doomsday PATH");
            return null;
        }
        var output = Path.Combine(options.WorkDir, "doomsday-publish");
        // The release build (see the Cli csproj and the README): ReadyToRun for this runtime identifier, no
        // tiering for one-shot commands. Built under its own artifacts path so that it never shares
        // intermediate files with another build of the same tree (a self-contained one, say).
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var artifacts = Path.Combine(options.WorkDir, "doomsday-build");
        Console.WriteLine($"build: dotnet publish src/Doomsday.Cli -c Release -r {rid} --self-contained false -o {output}");
        var sw = Stopwatch.StartNew();
        var (code, stdout, stderr) = ProcessRunner.Capture("dotnet",
            ["publish", Path.Combine(root, "src", "Doomsday.Cli"), "-c", "Release", "-r", rid, "--self-contained", "false", "-o", output, "--artifacts-path", artifacts, "--nologo", "-v", "quiet"]);
        if (code != 0)
        {
            Console.Error.WriteLine($"publish failed ({code}):\n{stdout}\n{stderr}");
            return null;
        }
        Console.WriteLine($"build: done in {sw.Elapsed.TotalSeconds:F0} s");
        return Path.Combine(output, "doomsday");
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Doomsday.slnx"))) return dir.FullName;
        }
        return null;
    }
}
