using Doomsday.Watch.Alerting;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>Regular expressions mean here what they mean in Alertmanager (Go's RE2), whole value matched.</summary>
public class Re2SyntaxTests
{
    [Theory]
    [InlineData(@"\d+", "42", true)]
    [InlineData(@"\d+", "٤٢", false)]                 // Go's \d is ASCII; .NET's would match Arabic-Indic digits
    [InlineData(@"\w+", "café", false)]
    [InlineData(@"[\w.-]+", "db-1.prod", true)]
    [InlineData(@"\s", "\u00a0", false)]              // no-break space is not Go's \s
    [InlineData(@"[[:alpha:]]+", "abc", true)]
    [InlineData(@"[[:alpha:]]+", "ab1", false)]
    [InlineData(@"[^[:digit:]]+", "abc", true)]
    [InlineData(@"(?P<env>prod|staging)-db", "prod-db", true)]
    [InlineData(@"\Qa.b\E", "a.b", true)]
    [InlineData(@"\Qa.b\E", "axb", false)]
    [InlineData(@"[]a]+", "]a]", true)]
    [InlineData("abc", "abc\n", false)]               // anchored at the very end, as Go's $
    [InlineData("(?i)probe", "PROBE", true)]
    [InlineData("db|api", "api", true)]
    [InlineData("db|api", "apix", false)]
    public void FullMatch_GoSemantics(string regex, string value, bool expected)
    {
        Assert.Null(LabelPattern.ValidateRegex(regex));
        Assert.Equal(expected, LabelPattern.FullMatch(regex, value));
    }

    [Theory]
    [InlineData("(?=a)a", "lookaround")]
    [InlineData("(?<!a)b", "lookaround")]
    [InlineData("(?>a+)", "'(?>' is not supported")]
    [InlineData(@"(a)\1", "backreferences")]
    [InlineData("(?U)a+", "ungreedy")]
    [InlineData("(?x)a b", "flag group")]
    public void ValidateRegex_DotNetOnlyConstructs_RefusedAsAlertmanagerWould(string regex, string why)
    {
        var error = LabelPattern.ValidateRegex(regex);
        Assert.NotNull(error);
        Assert.Contains(why, error);
        Assert.EndsWith("in Alertmanager's regular expressions (RE2)", error);
        Assert.False(LabelPattern.FullMatch(regex, "a"));
    }
}
