using System.Reflection;
using System.Runtime.InteropServices;
using L = Doomsday.Core.Reporting.MetricNames.Labels;

namespace Doomsday.Core.Reporting;

/// <summary>
/// The labels of <c>x509_exporter_build_info</c>, with the exporter v4's names
/// (<c>internal/product/version.go</c>): <c>version</c> and <c>git_commit</c> from the assembly's informational
/// version (<c>1.0.0+COMMIT</c>), <c>built</c> <c>unknown</c> (builds are deterministic, so they carry no date,
/// as the exporter's own unversioned builds say), and .NET's runtime, OS and architecture in the <c>go_*</c>
/// slots, spelled as Go spells them (<c>linux</c>, <c>amd64</c>).
/// </summary>
public static class BuildInfo
{
    public static IReadOnlyList<(string Name, string Value)> Labels { get; } = Read();

    private static List<(string, string)> Read()
    {
        var informational = typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
        return
        [
            (L.Version, version),
            (L.Built, "unknown"),
            (L.GitCommit, commit),
            (L.GoRuntime, RuntimeInformation.FrameworkDescription),
            (L.GoOs, OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsFreeBSD() ? "freebsd" : "unknown"),
            (L.GoArch, RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "amd64",
                Architecture.Arm64 => "arm64",
                Architecture.X86 => "386",
                Architecture.Arm => "arm",
                var other => other.ToString().ToLowerInvariant(),
            }),
        ];
    }
}
