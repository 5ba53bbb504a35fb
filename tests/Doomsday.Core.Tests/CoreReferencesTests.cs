using System.Xml.Linq;
using Doomsday.Core.Inventory;
using Doomsday.Core.Tests.Support;

namespace Doomsday.Core.Tests;

/// <summary>
/// The dependency arrow of docs/development.md (Projects): Doomsday.Watch and the daemon build on Doomsday.Core, never
/// the reverse, and the packages only watch needs (SQLite, MailKit, Polly, DnsClient) stay out of what scan and
/// doctor load. Fails when a type moved back, or a using, a project reference or a package reference crossed the line.
/// </summary>
public sealed class CoreReferencesTests
{
    /// <summary>Assemblies Doomsday.Core must not load: the layers above it and watch's packages.</summary>
    private static readonly string[] Forbidden = ["Doomsday.Watch", "Doomsday.Daemon", "doomsday", "Microsoft.Data.Sqlite", "MailKit", "MimeKit", "Polly.Core", "DnsClient"];

    [Fact]
    public void GetReferencedAssemblies_Core_NoneAboveItNorWatchOnlyPackages()
    {
        var core = typeof(ScanOptions).Assembly;
        Assert.Equal("Doomsday.Core", core.GetName().Name);

        var referenced = core.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("YamlDotNet", referenced); // what Core does use is seen: the list is the real one
        Assert.Empty(referenced.Intersect(Forbidden, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void ProjectFile_Core_ReferencesNoProjectAndNoWatchOnlyPackage()
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "Doomsday.Core", "Doomsday.Core.csproj"));

        var projects = project.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).ToList();
        var packages = project.Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!).ToList();

        Assert.Empty(projects);
        Assert.Contains("YamlDotNet", packages);
        Assert.Empty(packages.Intersect(Forbidden, StringComparer.OrdinalIgnoreCase));
    }
}
