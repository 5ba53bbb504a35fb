using Doomsday.Core.Configuration;
using Doomsday.Watch.Configuration;

namespace Doomsday.Watch.Tests.Configuration;

/// <summary>
/// Every file in tests/testdata/config/bad gives exactly the errors its sidecar <c>.expected</c> lists,
/// one per line as <c>LINE:COL FIELD CODE</c> (FIELD <c>-</c> for the whole document), in file order.
/// </summary>
public sealed class BadConfigFolderTests
{
    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "testdata", "config", "bad");

    /// <summary>The environment the bad configs are loaded with: set variables only where a file needs one set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Env = new Dictionary<string, string>
    {
        ["DOOMSDAY_TEST_TOKEN"] = "s3cr3t-token-value",
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BadConfig_GivesExactlyTheExpectedErrors(string name)
    {
        var path = Path.Combine(Folder, name);
        var expected = File.ReadAllLines(Path.ChangeExtension(path, ".expected")).Where(l => l.Trim().Length > 0).Select(l => l.Trim()).ToList();

        var result = WatchConfigLoader.Load(path, n => Env.GetValueOrDefault(n));

        Assert.Null(result.Config);
        var actual = result.Errors.Select(e => $"{e.Line}:{e.Column} {(e.Field.Length == 0 ? "-" : e.Field)} {e.Code}").ToList();
        Assert.Equal(expected, actual);
        Assert.All(result.Errors, e => Assert.Equal(path, e.File));
        Assert.All(result.Errors, e => Assert.Contains(e.Code, ConfigErrorCodes.All));
    }

    [Fact]
    public void Folder_EveryYamlHasAnExpectedFileAndTheRequiredCasesAreThere()
    {
        var yaml = Directory.EnumerateFiles(Folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var expected = Directory.EnumerateFiles(Folder, "*.expected").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Equal(yaml.Order(), expected.Order());
        var codes = yaml.SelectMany(n => File.ReadAllLines(Path.Combine(Folder, n + ".expected"))).Select(l => l.Split(' ')[^1]).ToHashSet();
        foreach (var code in new[]
                 {
                     ConfigErrorCodes.YamlSyntax, ConfigErrorCodes.UnknownField, ConfigErrorCodes.MissingField, ConfigErrorCodes.InvalidValue,
                     ConfigErrorCodes.InvalidDuration, ConfigErrorCodes.UnknownKind, ConfigErrorCodes.DuplicateName, ConfigErrorCodes.UnknownNotifier,
                     ConfigErrorCodes.UndefinedEnv, ConfigErrorCodes.InsecureListen, ConfigErrorCodes.ThresholdOrder, ConfigErrorCodes.EscalationOrder,
                     ConfigErrorCodes.InvalidUrl, ConfigErrorCodes.InvalidAddress, ConfigErrorCodes.WrongType, ConfigErrorCodes.YamlLimit,
                     ConfigErrorCodes.EnvSyntax, ConfigErrorCodes.WeakToken,
                 })
        {
            Assert.Contains(code, codes);
        }
    }
}
