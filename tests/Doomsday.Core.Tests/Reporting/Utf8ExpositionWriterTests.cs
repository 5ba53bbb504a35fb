using System.Text;
using Doomsday.Core.Reporting;

namespace Doomsday.Core.Tests.Reporting;

public class Utf8ExpositionWriterTests
{
    [Fact]
    public void Write_SurrogatePairSplitBetweenChunks_OneCharacterInUtf8()
    {
        // 15 chars fill all but one place of the first 16-char chunk: the emoji's high surrogate ends that chunk and
        // its low surrogate starts the next.
        var sb = new StringBuilder(16).Append('a', 15).Append("\U0001F600 path=\"/etc/ü\"\n");
        var chunks = new List<ReadOnlyMemory<char>>();
        foreach (var chunk in sb.GetChunks()) chunks.Add(chunk);
        Assert.True(chunks.Count > 1);
        Assert.True(char.IsHighSurrogate(chunks[0].Span[^1]));
        using var output = new MemoryStream();

        using (var writer = new Utf8ExpositionWriter(output)) writer.Write(sb);

        Assert.Equal(Encoding.UTF8.GetBytes(sb.ToString()), output.ToArray());
    }

    [Fact]
    public void Write_StringBuilderLargerThanTheBuffer_EveryByteInOrder()
    {
        var sb = new StringBuilder(300_000);
        for (var i = 0; i < 20_000; i++) sb.Append("x509_cert_expired{subject=\"CN=é").Append(i).Append("\"} 0\n");
        using var output = new MemoryStream();

        using (var writer = new Utf8ExpositionWriter(output)) writer.Write(sb);

        Assert.Equal(Encoding.UTF8.GetBytes(sb.ToString()), output.ToArray());
    }
}
