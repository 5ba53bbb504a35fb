using System.Text.RegularExpressions;
using Doomsday.Cli.Hosting;
using Doomsday.Core;

namespace Doomsday.Cli.Tests.Packaging;

/// <summary>
/// doomsday_VERSION_amd64.deb (scripts/build-deb) installed for real with <c>dpkg -i</c> on this machine,
/// checked, and purged again: the binary runs from /usr/bin, the configuration is a conffile, the service
/// user exists, <c>systemd-analyze verify</c> accepts the unit. (No systemd runs here to start it.)
/// </summary>
public sealed class DebPackageTests
{
    private static readonly TimeSpan DpkgLockDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Install_WithDpkg_BinaryConffileUserAndVerifiedUnit()
    {
        var deb = await Artifacts.DebAsync();
        Assert.EndsWith($"doomsday_{BuildInfo.Version}_amd64.deb", deb);
        var contents = (await Tool.RunOkAsync("dpkg-deb", ["--contents", deb])).Out;
        Assert.Matches(@"-rwxr-xr-x root/root .* \./usr/lib/doomsday/doomsday\n", contents);
        Assert.Contains("./usr/lib/doomsday/libe_sqlite3.so", contents);

        await DpkgAsync("-i", deb);
        try
        {
            var version = await Tool.RunOkAsync("/usr/bin/doomsday", ["--version"]);
            var conffiles = await Tool.RunOkAsync("dpkg-query", ["-W", "-f=${Conffiles}", "doomsday"]);
            var user = await Tool.RunAsync("getent", ["passwd", "doomsday"]);
            var verify = await Tool.RunAsync("systemd-analyze", ["verify", "/lib/systemd/system/doomsday.service"]);
            var check = await Tool.RunAsync("/usr/bin/doomsday", ["config", "check", "/etc/doomsday/doomsday.yaml"]);

            Assert.Equal(NativeBinary.VersionText, version.Out);
            Assert.Matches(@"^ /etc/doomsday/doomsday\.yaml [0-9a-f]{32}$", conffiles.Out.Trim('\n'));
            Assert.True(user.ExitCode == 0, "no doomsday user after install");
            Assert.Contains(":/var/lib/doomsday:", user.Out);
            Assert.True(verify.ExitCode == 0 && !Regex.IsMatch(verify.All, "doomsday", RegexOptions.IgnoreCase), "systemd-analyze verify:\n" + verify.All);
            Assert.True(check.ExitCode == 0, check.All);
        }
        finally
        {
            await DpkgAsync("--purge", "doomsday");
        }
        Assert.False(File.Exists("/usr/bin/doomsday"));
        Assert.False(Directory.Exists("/etc/doomsday"));
    }

    /// <summary>dpkg, waiting (with a deadline) while another package manager holds dpkg's lock.</summary>
    private static async Task DpkgAsync(params string[] args)
    {
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        var result = await Eventually.UntilAsync<ToolResult>(async () =>
        {
            var r = await Tool.RunAsync("dpkg", args, env);
            return r.ExitCode != 0 && r.All.Contains("lock", StringComparison.Ordinal) ? null : r;
        }, DpkgLockDeadline, $"dpkg {string.Join(' ', args)} getting dpkg's lock");
        Assert.True(result.ExitCode == 0, $"dpkg {string.Join(' ', args)}:\n{result.All}");
    }
}
