using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Tests.Sources.Kubeconfig;

/// <summary>The doctor's view of a kubeconfig: hostile or broken YAML is an error string, never an exception.</summary>
public sealed class KubeconfigDocumentTests
{
    [Fact]
    public void TryParse_NestedDeeperThanTheLimit_FalseWithTheLine()
    {
        var content = System.Text.Encoding.UTF8.GetBytes("kind: Config\ncontexts: " + new string('[', 60_000));

        var ok = KubeconfigDocument.TryParse("/k/admin.conf", content, out var document, out var error);

        Assert.False(ok);
        Assert.Null(document);
        Assert.StartsWith("line 2, column ", error);
        Assert.Contains("deeper than", error);
    }

    [Fact]
    public void TryParse_UnclosedFlowSequence_FalseNotAnException()
    {
        // YamlDotNet throws InvalidOperationException (not YamlException) for this input.
        var content = "kind: Config\nclusters: [a\n  name: x\n"u8.ToArray();

        var ok = KubeconfigDocument.TryParse("/k/admin.conf", content, out _, out var error);

        Assert.False(ok);
        Assert.NotNull(error);
    }
}
