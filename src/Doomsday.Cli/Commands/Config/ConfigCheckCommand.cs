using System.CommandLine;
using System.Text.Json;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Configuration;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Watch.Configuration;

namespace Doomsday.Cli.Commands.Config;

/// <summary>
/// <c>doomsday config check FILE</c>: loads the file exactly as <c>watch</c> would (same loader, same
/// environment) and prints every error as <c>FILE:LINE:COL: field: message [code]</c>. Exit 0 when
/// valid, 3 when not (docs/exit-codes.md).
/// </summary>
public static class ConfigCheckCommand
{
    public const int JsonSchemaVersion = 1;

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The configuration file (YAML) to check." };
        var output = new Option<string>("--output", "-o") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        var show = new Option<bool>("--show") { Description = "When valid, also print the configuration as loaded (defaults filled in, secrets redacted)." };
        var command = new Command("check", "Validate a doomsday watch configuration file and point at the line and field of every error.");
        command.Arguments.Add(file);
        command.Options.Add(output);
        command.Options.Add(show);
        command.SetAction((parse, _) => RunAsync(parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(show), context));
        return command;
    }

    private static async Task<int> RunAsync(string file, string output, bool show, CliContext context)
    {
        if (output is not ("text" or "json"))
        {
            await context.Error.WriteLineAsync($"doomsday config check: --output '{output}': expected text or json");
            return ExitCodes.InputError;
        }
        var result = WatchConfigLoader.Load(file, context.GetEnvironmentVariable);
        var code = result.IsValid ? ExitCodes.Ok : ExitCodes.InputError;
        if (output == "json")
        {
            await using var stdout = context.OpenStandardOutput();
            WriteJson(stdout, file, result);
            return code;
        }
        foreach (var error in result.Errors) await context.Out.WriteLineAsync(TerminalText.Escape(error.ToString()));
        if (result.Config is { } config)
        {
            await context.Out.WriteLineAsync($"{file}: valid: {Summary(config)}");
            if (show) await context.Out.WriteAsync(ConfigRenderer.Render(config));
        }
        else
        {
            await context.Error.WriteLineAsync($"{file}: {Plurals.Count(result.Errors.Count, "error")}");
        }
        return code;
    }

    private static string Summary(WatchOptions c) =>
        $"{Plurals.Count(c.Probes.Count, "probe")}, {Plurals.Count(c.Notifiers.Count, "notifier")}, {Plurals.Count(c.Routes.Count, "route")}";

    private static void WriteJson(Stream stream, string file, ConfigLoadResult result)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", JsonSchemaVersion);
        w.WriteString("file", file);
        w.WriteBoolean("valid", result.IsValid);
        w.WriteStartArray("errors");
        foreach (var e in result.Errors)
        {
            w.WriteStartObject();
            w.WriteString("file", e.File);
            w.WriteNumber("line", e.Line);
            w.WriteNumber("column", e.Column);
            w.WriteString("field", e.Field);
            w.WriteString("code", e.Code);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (result.Config is { } c)
        {
            w.WriteStartObject("summary");
            w.WriteNumber("probes", c.Probes.Count);
            w.WriteNumber("notifiers", c.Notifiers.Count);
            w.WriteNumber("routes", c.Routes.Count);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
    }
}
