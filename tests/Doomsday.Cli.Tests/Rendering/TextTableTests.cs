using Doomsday.Cli.Rendering;

namespace Doomsday.Cli.Tests.Rendering;

public sealed class TextTableTests
{
    private static TextTable Table()
    {
        var table = new TextTable([
            new("NAME", Fit.End, MinWidth: 8, Comfortable: 12), new("WHEN", DropRank: 2), new("LEFT"),
            new("OPTIONAL", DropRank: 3), new("PATH", Fit.Middle, MinWidth: 12, DropRank: 1, Comfortable: 20),
        ]);
        table.Add("apiserver-kubelet-client", "Dec 25, 2030 10:07 UTC", "364d", "yes", "/etc/kubernetes/pki/apiserver-kubelet-client.crt");
        table.Add("ca", "Dec 25, 2039 10:07 UTC", "9y", "no", "/etc/kubernetes/pki/ca.crt");
        return table;
    }

    private static List<string> Render(int? width) => Table().Render(new Terminal(TextWriter.Null, width, colour: false)).ToList();

    [Fact]
    public void Render_NoWidth_EverythingWholeKubeadmSpacing()
    {
        var lines = Render(null);

        Assert.Equal("NAME                       WHEN                     LEFT   OPTIONAL   PATH", lines[0]);
        Assert.Equal("ca                         Dec 25, 2039 10:07 UTC   9y     no         /etc/kubernetes/pki/ca.crt", lines[2]);
    }

    [Theory]
    [InlineData(100, new[] { "NAME", "WHEN", "LEFT", "OPTIONAL", "PATH" })] // the path is cut, not below its comfortable width
    [InlineData(60, new[] { "NAME", "LEFT", "PATH" })] // optional columns go before anything is cut below that
    [InlineData(30, new[] { "NAME", "LEFT", "PATH" })] // then cut down to the minimum
    [InlineData(24, new[] { "NAME", "LEFT" })] // then the last droppable column goes
    public void Render_Width_DropsByRankAndFits(int width, string[] headings)
    {
        var lines = Render(width);

        Assert.Equal(string.Join(' ', headings), string.Join(' ', lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.All(lines, l => Assert.True(TextWidth.Of(l) <= width, l));
        Assert.All(lines, l => Assert.Equal(l.TrimEnd(), l));
    }

    [Fact]
    public void Add_ControlCharacters_Escaped()
    {
        var table = new TextTable([new("NAME"), new("PATH")]);
        table.Add("evil\u001b[2J", "/tmp/a\nb.pem");

        var row = table.Render(new Terminal(TextWriter.Null, null, colour: false)).Last();

        Assert.Equal(@"evil\x1b[2J   /tmp/a\nb.pem", row);
    }
}
