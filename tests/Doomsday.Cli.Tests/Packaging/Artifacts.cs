
namespace Doomsday.Cli.Tests.Packaging;

/// <summary>
/// The image and the .deb, built once per test run by the repository's own scripts from <see cref="NativeBinary"/>.
/// Images live in a private podman store (vfs, under the temp directory), so tests neither need nor touch the
/// machine's images; podman runs as REAL-COMPONENTS says it must here (runc, cgroupfs, no default ulimits:
/// scripts/podman-env).
/// </summary>
internal static class Artifacts
{
    private static readonly Lazy<Task<string>> ImageTask = new(BuildImageAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Task<string>> DebTask = new(BuildDebAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly string Output = Directory.CreateTempSubdirectory("doomsday-artifacts-").FullName;

    /// <summary>The private podman store: PODMAN_ROOT for scripts/podman-env.</summary>
    public static readonly string PodmanRoot = Directory.CreateTempSubdirectory("doomsday-podman-").FullName;

    public static string Script(string name) => Path.Combine(CorpusLocator.RepositoryRoot, "scripts", name);

    /// <summary>The image's reference in the private store (localhost/doomsday:VERSION).</summary>
    public static Task<string> ImageAsync() => ImageTask.Value;

    /// <summary>The path of doomsday_VERSION_amd64.deb.</summary>
    public static Task<string> DebAsync() => DebTask.Value;

    private static async Task<string> BuildImageAsync()
    {
        var r = await Tool.RunOkAsync(Script("build-image"), [Path.GetDirectoryName(NativeBinary.Path)!, Output], new Dictionary<string, string> { ["PODMAN_ROOT"] = PodmanRoot }, TimeSpan.FromMinutes(10));
        return r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
    }

    private static async Task<string> BuildDebAsync()
    {
        var r = await Tool.RunOkAsync(Script("build-deb"), [Path.GetDirectoryName(NativeBinary.Path)!, Output]);
        return r.Out.Trim();
    }

    /// <summary>
    /// podman with this machine's flags and the private store (scripts/podman-env), run from the store's directory:
    /// kube play looks for a build context named like the image (doomsday) in its working directory.
    /// </summary>
    public static Task<ToolResult> PodmanAsync(params string[] args) =>
        Tool.RunAsync("bash", ["-c", $". {Script("podman-env")} && cd \"$PODMAN_ROOT\" && dpodman \"$@\"", "podman", .. args], new Dictionary<string, string> { ["PODMAN_ROOT"] = PodmanRoot }, TimeSpan.FromMinutes(5));

    public static async Task<ToolResult> PodmanOkAsync(params string[] args)
    {
        var r = await PodmanAsync(args);
        Assert.True(r.ExitCode == 0, $"podman {string.Join(' ', args)} exited {r.ExitCode}:\n{r.All}");
        return r;
    }
}
