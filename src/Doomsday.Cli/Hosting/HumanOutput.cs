using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// <c>-o table|json</c> of the verbs that read the daemon: a table for people, or the API's own JSON document
/// (docs/http-api.md) for scripts: indented on a terminal, compact in a pipe, always ending with a newline.
/// </summary>
internal sealed class HumanOutput
{
    public Option<string> Option { get; } = new("--output", "-o") { Description = "table or json (the API's document, docs/http-api.md).", DefaultValueFactory = _ => "table" };

    public HumanOutput() => Option.CompletionSources.Add("table", "json");

    /// <summary>True for json; false for table; null (with the message written) for anything else.</summary>
    public async Task<bool?> IsJsonAsync(ParseResult parse, CliContext context, string verb)
    {
        switch (parse.GetValue(Option)?.ToLowerInvariant())
        {
            case "table": return false;
            case "json": return true;
            default:
                await context.Error.WriteLineAsync($"doomsday {verb}: --output '{parse.GetValue(Option)}' is not one of table, json");
                return null;
        }
    }

    public static void WriteJson<T>(CliContext context, T value, JsonTypeInfo<T> type)
    {
        using var stdout = context.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = context.IsTerminal }))
        {
            JsonSerializer.Serialize(writer, value, type);
        }
        stdout.WriteByte((byte)'\n');
    }
}
