using System.Text.Json.Nodes;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Core.Tests.Sources.Cluster;

/// <summary>YAML → JSON the way sigs.k8s.io/yaml converts a manifest: plain scalars typed, quoted ones strings.</summary>
public class YamlJsonTests
{
    [Fact]
    public void Documents_PlainAndQuotedScalars_TypedLikeKubectl()
    {
        var doc = Assert.IsType<JsonObject>(Assert.Single(YamlJson.Documents("""
            a: 42
            b: "42"
            c: true
            d: 'false'
            e: ~
            f: 1.5
            g: dGVzdA==
            h: 2026-01-01T00:00:00Z
            """)));

        Assert.Equal("""{"a":42,"b":"42","c":true,"d":"false","e":null,"f":1.5,"g":"dGVzdA==","h":"2026-01-01T00:00:00Z"}""", doc.ToJsonString());
    }

    [Fact]
    public void Documents_SeveralDocuments_EachInOrderEmptyOnesNull()
    {
        var docs = YamlJson.Documents("kind: Secret\n---\n---\nkind: ConfigMap\nlist: [1, x]\n");

        Assert.Equal(3, docs.Count);
        Assert.Equal("Secret", (string?)docs[0]!["kind"]);
        Assert.Null(docs[1]);
        Assert.Equal("""{"kind":"ConfigMap","list":[1,"x"]}""", docs[2]!.ToJsonString());
    }

    [Fact]
    public void Documents_AnchorsAndAliases_Resolved()
    {
        var doc = Assert.Single(YamlJson.Documents("base: &b {x: 1}\ncopy: *b\n"));

        Assert.Equal("""{"base":{"x":1},"copy":{"x":1}}""", doc!.ToJsonString());
    }

    [Fact]
    public void Documents_AliasToItsOwnOpenMapping_RefusedWithYamlLimitNotAStackOverflow()
    {
        var e = Assert.Throws<Doomsday.Core.Yaml.YamlLimitException>(() => YamlJson.Documents("a: &a\n  b: *a\n"));

        Assert.Contains("anchor 'a' value contains itself", e.Reason);
    }
}
