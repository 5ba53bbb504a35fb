using System.Diagnostics;
using System.Globalization;

namespace Doomsday.Bench;

/// <summary>
/// <c>fuzz [--seconds N] [--seed S] [--dir DIR]</c>: the suite's fuzz test (tests/.../InputFuzzTests) for as long
/// as asked: the bombs, every corpus file, then seeded mutations until the time is up. Prints inputs per second
/// and the findings; each finding's input is written to DIR (default $TMPDIR/doomsday-fuzz) to reproduce it.
/// Exit code 1 when anything was found.
/// </summary>
internal static class FuzzBenchmark
{
    public static int Run(string[] args)
    {
        var seconds = 60;
        var seed = Environment.TickCount;
        var dir = Path.Combine(Path.GetTempPath(), "doomsday-fuzz");
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds" when int.TryParse(args[i + 1], out var s) && s > 0: seconds = s; break;
                case "--seed" when int.TryParse(args[i + 1], out var v): seed = v; break;
                case "--dir": dir = Path.GetFullPath(args[i + 1]); break;
                default:
                    Console.Error.WriteLine("usage: Doomsday.Bench fuzz [--seconds N] [--seed S] [--dir DIR]");
                    return 2;
            }
        }
        Machine.Print();
        var corpus = FuzzInputs.Corpus();
        var mutator = new Mutator(seed);
        using var runner = new FuzzRunner(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        foreach (var (name, content) in FuzzInputs.Regressions()) runner.Run(name, content);
        foreach (var (name, content) in Bombs.All()) runner.Run("bomb " + name, content);
        var bombs = runner.Inputs;
        var bombTime = clock.Elapsed;
        foreach (var (name, content) in corpus) runner.Run(name, content);
        var mutants = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var (name, content) = corpus[mutator.Next(corpus.Count)];
            runner.Run($"{name} mutant {mutants++} (seed {seed})", mutator.Mutate(content, corpus[mutator.Next(corpus.Count)].Content));
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz: seed {seed}, {runner.Inputs} inputs ({bombs} bombs in {bombTime.TotalSeconds:0.0}s, {corpus.Count} corpus files, {mutants} mutants), {runner.Bytes / 1e6:0.0} MB in {elapsed:0.0}s: {runner.Inputs / elapsed:0} inputs/s"));
        Console.WriteLine("slowest: " + string.Join("; ", runner.Slowest.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Input} {x.Took.TotalMilliseconds:0}ms"))));
        Console.WriteLine($"findings: {runner.Findings.Count} ({string.Join(", ", runner.Findings.GroupBy(f => f.Kind).Select(g => $"{g.Count()} {g.Key}"))})");
        if (runner.Findings.Count == 0) return 0;
        Directory.CreateDirectory(dir);
        for (var i = 0; i < runner.Findings.Count; i++)
        {
            var f = runner.Findings[i];
            File.WriteAllBytes(Path.Combine(dir, $"finding-{i}.bin"), f.Content);
            File.WriteAllText(Path.Combine(dir, $"finding-{i}.txt"), $"{f.Kind}: {f.Input}\n{f.Detail}\n");
        }
        Console.WriteLine($"inputs written to {dir}");
        return 1;
    }
}
