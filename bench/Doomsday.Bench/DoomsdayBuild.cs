using System.Diagnostics;

namespace Doomsday.Bench;

/// <summary>Finds the doomsday executable to time: the one given, or a fresh build of src/Doomsday.Cli (<see cref="BenchOptions.Build"/>).</summary>
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
        var output = Path.Combine(options.WorkDir, "doomsday-" + options.Build);
        var sw = Stopwatch.StartNew();
        (int? Code, string Stdout, string Stderr) result;
        if (options.Build == "native")
        {
            // What ships (README, docs/install.md): the NativeAOT executable and libe_sqlite3.so.
            Console.WriteLine($"build: scripts/build-native {output}");
            result = ProcessRunner.Capture(Path.Combine(root, "scripts", "build-native"), [output]);
        }
        else
        {
            // The ReadyToRun build for comparison (the Cli csproj): framework-dependent, no tiering for one-shot
            // commands. Under its own artifacts path so that it never shares intermediate files with another build.
            var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
            var artifacts = Path.Combine(options.WorkDir, "doomsday-build");
            Console.WriteLine($"build: dotnet publish src/Doomsday.Cli -c Release -r {rid} -p:PublishAot=false --self-contained false -o {output}");
            result = ProcessRunner.Capture("dotnet",
                ["publish", Path.Combine(root, "src", "Doomsday.Cli"), "-c", "Release", "-r", rid, "-p:PublishAot=false", "--self-contained", "false", "-o", output, "--artifacts-path", artifacts, "--nologo", "-v", "quiet"]);
        }
        if (result.Code != 0)
        {
            Console.Error.WriteLine($"build failed ({result.Code}):\n{result.Stdout}\n{result.Stderr}");
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
