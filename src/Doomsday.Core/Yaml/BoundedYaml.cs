using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Yaml;

/// <summary>
/// The one way Doomsday parses YAML that comes from outside: within <see cref="YamlLimits"/>. Throws what
/// YamlDotNet throws for a syntax error (<see cref="YamlException"/>, and <see cref="InvalidOperationException"/>
/// for some unclosed flow collections), <see cref="YamlLimitException"/> past a limit.
/// </summary>
public static class BoundedYaml
{
    /// <summary>The documents of <paramref name="text"/> as a tree.</summary>
    public static YamlStream Load(string text) => Load(new Scanner(new StringReader(CheckSize(text))));

    /// <summary>As <see cref="Load(string)"/>, over a scanner the caller keeps (to read its position after an error).</summary>
    public static YamlStream Load(Scanner scanner)
    {
        var stream = new YamlStream();
        var parser = new BoundedParser(new Parser(scanner));
        try
        {
            stream.Load(parser);
        }
        catch (ArgumentException e)
        {
            // YamlDotNet's parser accepts some malformed input ("a:\n  : c: d") and hands the tree builder an event
            // where a node must be; the builder throws ArgumentException. Found by the fuzz test: a syntax error.
            var at = parser.Previous?.Start ?? parser.Current?.Start ?? scanner.CurrentPosition;
            throw new YamlException(at, at, $"malformed YAML: {Describe(parser.Current)} follows where a value was expected", e);
        }
        return stream;
    }

    private static string Describe(YamlDotNet.Core.Events.ParsingEvent? e) => e switch
    {
        YamlDotNet.Core.Events.DocumentStart => "a new document",
        YamlDotNet.Core.Events.DocumentEnd or YamlDotNet.Core.Events.StreamEnd => "the end of the document",
        YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd => "the end of a collection",
        null => "nothing",
        _ => e.GetType().Name,
    };

    /// <summary>UTF-8 bytes as text, refused past <see cref="YamlLimits.MaxBytes"/> before they are decoded.</summary>
    public static string Text(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > YamlLimits.MaxBytes) throw TooLarge(utf8.Length);
        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>
    /// Reads every event of <paramref name="text"/> through the limits without building anything: for text
    /// handed afterwards to a parser that cannot take ours (KubernetesClient's deserializer).
    /// </summary>
    public static void Check(string text)
    {
        var parser = new BoundedParser(new Parser(new StringReader(CheckSize(text))));
        while (parser.MoveNext())
        {
        }
    }

    private static string CheckSize(string text) =>
        Encoding.UTF8.GetMaxByteCount(text.Length) > YamlLimits.MaxBytes && Encoding.UTF8.GetByteCount(text) > YamlLimits.MaxBytes
            ? throw TooLarge(Encoding.UTF8.GetByteCount(text))
            : text;

    private static YamlLimitException TooLarge(long bytes) =>
        new(Mark.Empty, Mark.Empty, $"{bytes} bytes of YAML, over the {YamlLimits.MaxBytes / (1024 * 1024)} MiB parsed");
}
