using Doomsday.Core.Reporting;

namespace Doomsday.Core.Tests.Reporting;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("kube-apiserver", "kube-apiserver")]
    [InlineData("/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.crt")]
    [InlineData("東京-ingress 🔒 café", "東京-ingress 🔒 café")]
    [InlineData(@"C:\certs\a.crt", @"C:\certs\a.crt")]
    [InlineData("", "")]
    public void Escape_PrintableText_Unchanged(string text, string expected) => Assert.Equal(expected, TerminalText.Escape(text));

    [Theory]
    [InlineData("a\u001b]0;title\u0007b", @"a\x1b]0;title\x07b")] // retitles the window
    [InlineData("\u001b[2J\u001b[H", @"\x1b[2J\x1b[H")] // clears the screen
    [InlineData("name\nfake line", @"name\nfake line")]
    [InlineData("a\rb\tc", @"a\rb\tc")]
    [InlineData("x\u009b31my", @"x\x9b31my")] // 8-bit CSI
    [InlineData("x\u007fy", @"x\x7fy")]
    [InlineData("admin\u202e.crt", @"admin\u202e.crt")] // right-to-left override
    [InlineData("a\u2028b", @"a\u2028b")]
    [InlineData("a\u2066b\u2069", @"a\u2066b\u2069")]
    public void Escape_ControlsAndReorderingCharacters_Visible(string text, string expected)
    {
        Assert.True(TerminalText.NeedsEscape(text));
        Assert.Equal(expected, TerminalText.Escape(text));
    }

    [Fact]
    public void Escape_LoneSurrogate_Visible()
    {
        // Built at run time: attribute data cannot carry a lone surrogate (it is stored as UTF-8).
        var text = "lone " + (char)0xD800 + " surrogate";

        Assert.Equal(@"lone \ud800 surrogate", TerminalText.Escape(text));
    }

    [Fact]
    public void Escape_NoControl_ReturnsTheSameInstance()
    {
        var text = "etcd-server";
        Assert.Same(text, TerminalText.Escape(text));
    }
}
