using Doomsday.Watch.Alerting;

namespace Doomsday.Watch.Tests.Alerting;

/// <summary>
/// The parser over many generated texts made of the characters that matter to it (a fixed seed, so a
/// failure is reproducible): it never throws, and whatever it accepts, written back in amtool's quoted
/// form, parses to the same matchers.
/// </summary>
public class MatcherParserFuzzTests
{
    private const string Alphabet = "ab_1:=!~\"\\,{} \n.*|()[]?";

    [Fact]
    public void TryParse_GeneratedTexts_NeverThrowsAndAcceptedOnesRoundTrip()
    {
        var random = new Random(20261206);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 14)];
            for (var c = 0; c < chars.Length; c++) chars[c] = Alphabet[random.Next(Alphabet.Length)];
            var text = new string(chars);

            if (!MatcherParser.TryParse(text, out var matchers, out var error))
            {
                Assert.False(string.IsNullOrEmpty(error), text);
                continue;
            }
            accepted++;
            var written = "{" + string.Join(",", matchers) + "}";
            Assert.True(MatcherParser.TryParse(written, out var again, out var againError), $"{text} -> {written}: {againError}");
            Assert.Equal(matchers, again);
        }
        Assert.True(accepted > 100, $"only {accepted} generated texts were matchers: the generator tests nothing");
    }
}
