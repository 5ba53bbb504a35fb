using Doomsday.Watch.Alerting;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>
/// amtool's matcher syntax (Alertmanager's pkg/labels/parse.go, whose doc comment gives several of these
/// inputs): what each text becomes, written back in amtool's quoted form; and the exact error of each bad text.
/// </summary>
public class MatcherParserTests
{
    public static TheoryData<string, string[]> Valid => new()
    {
        { "alertname=ProbeDown", ["alertname=\"ProbeDown\""] },
        { "probe!=x", ["probe!=\"x\""] },
        { "alertname=\"X\"", ["alertname=\"X\""] },
        { "severity=~\"critical|warning\"", ["severity=~\"critical|warning\""] },
        { "instance!~\"10\\.0\\..*\"", ["instance!~\"10\\\\.0\\\\..*\""] },
        { "{a=\"b\",c=~\"d\"}", ["a=\"b\"", "c=~\"d\""] },
        { "{foo = \"bar\", dings != \"bums\", }", ["foo=\"bar\"", "dings!=\"bums\""] },
        { "foo=bar,dings!=bums", ["foo=\"bar\"", "dings!=\"bums\""] },
        { "quote=\"She said: \\\"Hi, ladies! That's gender-neutral…\\\"\"", ["quote=\"She said: \\\"Hi, ladies! That's gender-neutral…\\\"\""] },
        { "statuscode=~\"5..\"", ["statuscode=~\"5..\""] },
        { "a=", ["a=\"\""] },
        { "  team = sre  ", ["team=\"sre\""] },
        { "msg=\"line1\\nline2\"", ["msg=\"line1\\nline2\""] },
        { "path=\"C:\\\\temp\"", ["path=\"C:\\\\temp\""] },
        { "a=\"b,c=d\"", ["a=\"b,c=d\""] },
        { "regex=~\\d+", ["regex=~\"\\\\d+\""] },
        { "{}", [] },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_AmtoolSyntax_Matchers(string text, string[] expected)
    {
        Assert.True(MatcherParser.TryParse(text, out var matchers, out var error), error);
        Assert.Equal(expected, matchers.Select(m => m.ToString()));
    }

    [Fact]
    public void TryParse_Operators_EqualityAndRegexFlags()
    {
        Assert.True(MatcherParser.TryParse("{a=1,b!=2,c=~3,d!~4}", out var m, out _));
        Assert.Equal(
        [
            new SilenceMatcher("a", "1", IsRegex: false, IsEqual: true), new SilenceMatcher("b", "2", IsRegex: false, IsEqual: false),
            new SilenceMatcher("c", "3", IsRegex: true, IsEqual: true), new SilenceMatcher("d", "4", IsRegex: true, IsEqual: false),
        ], m);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "probe!x", "'probe!x': not a matcher: expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX" },
        { "ProbeDown", "'ProbeDown': not a matcher: expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX (for the alert name write alertname=ProbeDown)" },
        { "1probe=x", "'1probe=x': '1probe' is not a label name (letters, digits and _, not starting with a digit)" },
        { "a:b=c", "'a:b=c': 'a:b' is not a label name (letters, digits and _, not starting with a digit)" },
        { "a=\"b", "'a=\"b': the quoted value has no closing double quote" },
        { "a=b\"c", "'a=b\"c': unescaped double quote in the value (write \\\" for a quote inside a value)" },
        { "a=\"b\"c\"", "'a=\"b\"c\"': unescaped double quote in the value (write \\\" for a quote inside a value)" },
        { "{a=b", "'{a=b': an opening { needs a closing }" },
        { "a=b}", "'a=b}': a closing } needs an opening {" },
        { "a=b,,c=d", "'a=b,,c=d': an empty matcher between commas" },
        { "{ok=1, bad!x}", "'bad!x': not a matcher: expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX" },
        { "a=~\"(?=x)\"", "'a=~\"(?=x)\"': '(?=x)' is not a valid regular expression: lookaround ((?=, (?!, (?<=, (?<!) is not supported in Alertmanager's regular expressions (RE2)" },
        { "a=~\"(x)\\1\"", "'a=~\"(x)\\1\"': '(x)\\1' is not a valid regular expression: backreferences (\\1) are not supported in Alertmanager's regular expressions (RE2)" },
        { "a=~\"[[:alfa:]]\"", "'a=~\"[[:alfa:]]\"': '[[:alfa:]]' is not a valid regular expression: '[:alfa:]' is not a POSIX character class in Alertmanager's regular expressions (RE2)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_NotAmtoolSyntax_ExactError(string text, string expected)
    {
        Assert.False(MatcherParser.TryParse(text, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_UnbalancedRegex_ErrorQuotesThePatternAsWritten()
    {
        Assert.False(MatcherParser.TryParse("a=~\"(\"", out _, out var error));
        Assert.StartsWith("'a=~\"(\"': '(' is not a valid regular expression: Invalid pattern '(' at offset 1.", error);
    }

    [Theory]
    [InlineData("", "a silence needs at least one matcher")]
    [InlineData("{}", "a silence needs at least one matcher")]
    [InlineData("a=~\".*\"", "at least one matcher must not match the empty string (this silence would match alerts that lack the labels)")]
    [InlineData("a!~x,b=\"\"", "at least one matcher must not match the empty string (this silence would match alerts that lack the labels)")]
    public void SilenceProblem_AlertmanagerWouldRefuse_Reason(string text, string expected)
    {
        Assert.True(MatcherParser.TryParse(text, out var matchers, out _));
        Assert.Equal(expected, MatcherParser.SilenceProblem(matchers));
    }

    [Fact]
    public void SilenceProblem_OneMatcherNeedsALabel_Accepted()
    {
        Assert.True(MatcherParser.TryParse("{a=~\".*\",probe!=x,alertname=ProbeDown}", out var matchers, out _));
        Assert.Null(MatcherParser.SilenceProblem(matchers));
    }

    [Fact]
    public void TryParse_SeveralTexts_AllMatchersInOrderOrFirstError()
    {
        Assert.True(MatcherParser.TryParse(["alertname=ProbeDown", "{probe=~\"db-.*\",kind!=tcp}"], out var all, out _));
        Assert.False(MatcherParser.TryParse(["alertname=ProbeDown", "probe!x", "y!z"], out _, out var error));

        Assert.Equal(["alertname=\"ProbeDown\"", "probe=~\"db-.*\"", "kind!=\"tcp\""], all.Select(m => m.ToString()));
        Assert.Equal("'probe!x': not a matcher: expected NAME=VALUE, NAME!=VALUE, NAME=~REGEX or NAME!~REGEX", error);
    }
}
