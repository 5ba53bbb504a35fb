namespace Doomsday.Core.Tests.Testing.Kubernetes;

/// <summary>The fake API server's selector grammar: strict, as the real one.</summary>
public class FakeSelectorsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "prod" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web,tier=prod", true)]
    [InlineData("app!=web", false)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("tier in (prod, staging)", true)]
    [InlineData("tier notin (prod)", false)]
    [InlineData("missing notin (x)", true)]
    public void TryParseLabels_Selector_MatchesLikeTheApiServer(string selector, bool expected)
    {
        Assert.True(FakeSelectors.TryParseLabels(selector, out var match, out var error), error);
        Assert.Equal(expected, match(Labels));
    }

    [Theory]
    [InlineData("app in prod")]
    [InlineData("=web")]
    public void TryParseLabels_Malformed_IsAnError(string selector)
    {
        Assert.False(FakeSelectors.TryParseLabels(selector, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParseFields_FieldTheResourceDoesNotHave_IsAnError()
    {
        Assert.False(FakeSelectors.TryParseFields("spec.signerName=x", FakeResource.Secrets, out _, out var error));
        Assert.Equal("field label not supported: spec.signerName", error);
        Assert.True(FakeSelectors.TryParseFields("spec.signerName=x", FakeResource.Csrs, out _, out _));
    }
}
