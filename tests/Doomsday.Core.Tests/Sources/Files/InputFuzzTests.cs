
namespace Doomsday.Core.Tests.Sources.Files;

/// <summary>
/// The parsers of outside files against a few thousand hostile inputs: every corpus file as it is, seeded
/// mutations of them, and hand-made YAML and ASN.1 bombs (tests/Doomsday.Testing/Fuzzing). Bounded by count, not time; the
/// longer run is <c>bench/Doomsday.Bench fuzz --seconds N</c> (docs/benchmarks.md).
/// </summary>
public sealed class InputFuzzTests
{
    private const int Seed = 20261206;
    private const int Mutants = 2000;

    [Fact]
    public void Parsers_CorpusMutationsAndBombs_NoCrashNoHangEveryReasonDocumented()
    {
        var corpus = FuzzInputs.Corpus();
        var bombs = Bombs.All().ToList();
        var mutator = new Mutator(Seed);
        // A generous per-input deadline: an input answers in milliseconds, a hang never does, and this machine is shared.
        using var runner = new FuzzRunner(TimeSpan.FromSeconds(30));

        foreach (var (name, content) in FuzzInputs.Regressions()) runner.Run(name, content);
        foreach (var (name, content) in bombs) runner.Run("bomb " + name, content);
        foreach (var (name, content) in corpus) runner.Run(name, content);
        for (var i = 0; i < Mutants; i++)
        {
            var (name, content) = corpus[mutator.Next(corpus.Count)];
            var other = corpus[mutator.Next(corpus.Count)].Content;
            runner.Run($"{name} mutant {i} (seed {Seed})", mutator.Mutate(content, other));
        }

        Assert.True(runner.Findings.Count == 0, string.Join("\n\n", runner.Findings.Take(5).Select(f =>
            $"{f.Kind}: {f.Input}\n{f.Detail}\n" + (f.Content.Length <= 4096 ? "input (base64): " + Convert.ToBase64String(f.Content) : $"input: {f.Content.Length} bytes"))));
        Assert.Equal(FuzzInputs.Regressions().Count + bombs.Count + corpus.Count + Mutants, runner.Inputs);
    }
}
