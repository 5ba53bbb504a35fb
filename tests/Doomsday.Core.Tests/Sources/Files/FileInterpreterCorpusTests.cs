using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;
using Xunit.Abstractions;

namespace Doomsday.Core.Tests.Sources.Files;

/// <summary>
/// The acceptance walk: every file of the shared corpus, named explicitly, must give at least one
/// certificate or one error with a known reason, and never an exception.
/// </summary>
public sealed class FileInterpreterCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Interpret_EveryCorpusFile_YieldsCertificateOrKnownReason()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Corpus, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 500, $"corpus at {RepoPaths.Corpus} has only {files.Count} files");
        var options = new ScanOptions();
        var perReason = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var certificates = 0;
        var silent = new List<string>();
        var unknown = new List<string>();
        foreach (var file in files)
        {
            var sink = new CollectingSink();
            FileInterpreter.Interpret(file, isExplicit: true, options, sink);
            certificates += sink.Certificates.Count;
            if (sink.Certificates.Count == 0 && sink.Errors.Count == 0)
            {
                silent.Add(file);
                output.WriteLine($"{"(nothing)",-22} {Path.GetRelativePath(RepoPaths.Corpus, file)}");
            }
            foreach (var e in sink.Errors)
            {
                if (!ReasonCodes.All.Contains(e.Reason)) unknown.Add($"{file}: {e.Reason}");
                perReason[e.Reason] = perReason.GetValueOrDefault(e.Reason) + 1;
                output.WriteLine($"{e.Reason,-22} {Path.GetRelativePath(RepoPaths.Corpus, file)}: {e.Message}");
            }
        }
        output.WriteLine($"{files.Count} files, {certificates} certificates");
        foreach (var (reason, count) in perReason) output.WriteLine($"{reason}: {count}");
        Assert.Empty(unknown);
        Assert.Empty(silent);
    }
}
