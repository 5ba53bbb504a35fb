using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Tests.Yaml;

/// <summary>The YAML limits: nesting, size and alias expansion refused before a tree is built, ordinary YAML untouched.</summary>
public sealed class BoundedYamlTests
{
    private static string Flow(int depth) => new string('[', depth) + new string(']', depth);

    /// <summary>60,000 nested '[' overflowed the stack in YamlDotNet's recursive tree building (the process died with exit 134).</summary>
    [Fact]
    public void Load_SixtyThousandNestedBrackets_LimitErrorAtTheDeepestAllowedLevel()
    {
        var e = Assert.Throws<YamlLimitException>(() => BoundedYaml.Load("kind: Config\nclusters: " + Flow(60_000) + "\n"));

        Assert.Equal((2L, 11L + YamlLimits.MaxDepth - 1), (e.Start.Line, e.Start.Column));
        Assert.Contains($"deeper than {YamlLimits.MaxDepth} levels", e.Reason);
    }

    /// <summary>Below the crash depth YamlDotNet's scanner is quadratic in flow nesting (40,000 levels took 51 s): the limit stops it at the allowed depth.</summary>
    [Fact]
    public void Check_FortyThousandNestedFlowMappingsOnManyLines_LimitError()
    {
        var text = string.Concat(Enumerable.Repeat("{a:\n", 40_000)) + new string('}', 40_000);

        var e = Assert.Throws<YamlLimitException>(() => BoundedYaml.Check(text));

        Assert.Equal(YamlLimits.MaxDepth + 1, e.Start.Line);
    }

    [Fact]
    public void Load_BlockSequencesNestedOnOneLine_CountAsLevels()
    {
        var text = string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n";

        var e = Assert.Throws<YamlLimitException>(() => BoundedYaml.Load(text));

        Assert.Equal(1L, e.Start.Line);
    }

    [Fact]
    public void Load_ExactlyTheMaximumDepth_Parses()
    {
        // The document's mapping is level 1, so its value may nest MaxDepth - 1 levels.
        var stream = BoundedYaml.Load("a: " + Flow(YamlLimits.MaxDepth - 1));

        YamlNode? node = ((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("a")];
        var depth = 1; // the document's mapping
        while (node is YamlSequenceNode s)
        {
            depth++;
            node = s.Children.Count == 1 ? s.Children[0] : null;
        }
        Assert.Equal(YamlLimits.MaxDepth, depth);
        Assert.Throws<YamlLimitException>(() => BoundedYaml.Load("a: " + Flow(YamlLimits.MaxDepth)));
    }

    [Fact]
    public void Load_BillionLaughs_RefusedAsExcessiveAliasing()
    {
        var lines = new List<string> { "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var c = 'b'; c <= 'i'; c++) lines.Add($"{c}: &{c} [" + string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 9)) + "]");

        var e = Assert.Throws<YamlLimitException>(() => BoundedYaml.Load(string.Join('\n', lines)));

        Assert.Contains("excessive aliasing", e.Reason);
    }

    [Fact]
    public void Load_AnchorsReusedAsConfigsDo_Parse()
    {
        // A config that shares one TLS block between probes: a few aliases, each small.
        var probes = string.Concat(Enumerable.Range(0, 300).Select(i => $"  - {{ name: p{i}, kind: etcd, url: https://10.0.0.{i % 250}:2379, tls: *tls }}\n"));
        var text = "tlsBlock: &tls { ca: ca.crt, cert: c.crt, key: c.key }\nprobes:\n" + probes;

        var stream = BoundedYaml.Load(text);

        Assert.Equal(300, ((YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("probes")]).Children.Count);
    }

    [Fact]
    public void Load_LimitsCountPerDocument()
    {
        // Each document may nest up to the limit; the counts do not add up across documents.
        var doc = "a: " + Flow(YamlLimits.MaxDepth - 1) + "\n";

        var stream = BoundedYaml.Load(doc + "---\n" + doc + "---\n" + doc);

        Assert.Equal(3, stream.Documents.Count);
    }

    [Fact]
    public void Text_OverTheSizeLimit_RefusedBeforeDecoding()
    {
        var e = Assert.Throws<YamlLimitException>(() => BoundedYaml.Text(new byte[YamlLimits.MaxBytes + 1]));

        Assert.Contains("MiB", e.Reason);
    }

    [Fact]
    public void Load_SyntaxError_StillAYamlExceptionWithItsPosition()
    {
        var e = Assert.ThrowsAny<YamlException>(() => BoundedYaml.Load("a: b\nc: d: e\n"));

        Assert.IsNotType<YamlLimitException>(e);
        Assert.Equal(2L, e.Start.Line);
    }

    /// <summary>Found by the fuzz run: YamlDotNet's tree builder threw ArgumentException (a stack trace from config check).</summary>
    [Fact]
    public void Load_EmptyKeyWithAMappingValue_YamlExceptionAtTheKey()
    {
        var e = Assert.Throws<YamlException>(() => BoundedYaml.Load("a:\n  : c: d\n"));

        Assert.Equal(2L, e.Start.Line);
        Assert.StartsWith("malformed YAML: ", e.Message);
    }
}
