using Doomsday.Cli.Rendering;

namespace Doomsday.Cli.Tests.Rendering;

public sealed class TextWidthTests
{
    [Theory]
    [InlineData("apiserver", 9)]
    [InlineData("東京", 4)]
    [InlineData("🔒 ok", 5)]
    [InlineData("cafe\u0301", 4)] // e + combining acute
    public void Of_Text_TerminalColumns(string text, int columns) => Assert.Equal(columns, TextWidth.Of(text));

    [Theory]
    [InlineData("/etc/kubernetes/pki/etcd/peer.crt", 24, "/etc/…/pki/etcd/peer.crt")]
    [InlineData("/etc/kubernetes/pki/etcd/peer.crt", 16, "…/etcd/peer.crt")]
    [InlineData("/etc/kubernetes/pki/etcd/peer.crt", 40, "/etc/kubernetes/pki/etcd/peer.crt")]
    [InlineData("127.0.0.1:6443 sni=kubernetes.default.svc #0", 20, "127.0.…efault.svc #0")]
    public void TruncatePath_LongPath_KeepsRootAndEnd(string path, int width, string expected)
    {
        var cut = TextWidth.TruncatePath(path, width);

        Assert.Equal(expected, cut);
        Assert.True(TextWidth.Of(cut) <= width, cut);
    }

    [Fact]
    public void TruncateEnd_WideCharacters_NeverOverTheWidth()
    {
        var cut = TextWidth.TruncateEnd("東京東京東京", 5);

        Assert.Equal("東京…", cut);
        Assert.Equal(5, TextWidth.Of(cut));
    }

    [Fact]
    public void Wrap_Prose_BreaksAtSpacesAndCutsWhatCannotBreak()
    {
        var lines = TextWidth.Wrap("next expiry: kube-apiserver in 2d averyveryverylongwordthatdoesnotfit", 20).ToList();

        Assert.Equal(["next expiry:", "kube-apiserver in 2d", "averyveryverylongwor", "dthatdoesnotfit"], lines);
    }
}
