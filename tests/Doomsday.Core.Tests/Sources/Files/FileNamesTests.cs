using System.Text;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Core.Tests.Sources.Files;

/// <summary>File names as bytes: any name decodes to a string that encodes back to the same bytes (PEP 383 escapes).</summary>
public sealed class FileNamesTests
{
    [Fact]
    public void Decode_ThenEncode_GivesBackTheSameBytesForAnyName()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 2000; i++)
        {
            var name = new byte[random.Next(1, 40)];
            random.NextBytes(name);
            for (var j = 0; j < name.Length; j++) if (name[j] is 0 or (byte)'/') name[j] = (byte)'x';

            var decoded = FileNames.Decode(name);

            Assert.Equal(name, FileNames.Encode(decoded));
            Assert.Equal(!System.Text.Unicode.Utf8.IsValid(name), FileNames.HasEscapes(decoded));
        }
    }

    [Fact]
    public void Decode_Latin1Name_EscapesTheByteAndKeepsTheRest()
    {
        var decoded = FileNames.Decode([(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'.', (byte)'c', (byte)'r', (byte)'t']);

        Assert.Equal("caf\uDCE9.crt", decoded);
    }

    [Fact]
    public void Encode_ValidTextIncludingSurrogatePairs_IsPlainUtf8()
    {
        const string name = "certificat-été-🔐.pem";

        Assert.Equal(Encoding.UTF8.GetBytes(name), FileNames.Encode(name));
        Assert.False(FileNames.HasEscapes(name));
    }

    [Fact]
    public void Encode_SurrogateThatIsNoEscape_Refused()
    {
        Assert.Null(FileNames.Encode("a\uD800b")); // a lone high surrogate: no file name decodes to it
    }
}
