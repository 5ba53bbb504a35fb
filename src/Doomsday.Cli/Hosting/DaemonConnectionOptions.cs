using System.CommandLine;
using Doomsday.Daemon.Client;
using Doomsday.Daemon.Http;

namespace Doomsday.Cli.Hosting;

/// <summary>
/// <c>--url</c>, <c>--token</c> and <c>--config</c> of the verbs that talk to a running daemon. The URL
/// defaults to the config's <c>server.listen</c> (when <c>--config</c> is given), else 127.0.0.1:9797;
/// the token to <c>$DOOMSDAY_TOKEN</c>, else the config's <c>server.bearerToken</c>. Never printed.
/// </summary>
internal sealed class DaemonConnectionOptions
{
    public const string TokenVariable = "DOOMSDAY_TOKEN";

    public Option<string?> Url { get; } = new("--url") { Description = "The daemon's API, e.g. http://127.0.0.1:9797 (default: server.listen of --config, else 127.0.0.1:9797)." };
    public Option<string?> Token { get; } = new("--token") { Description = $"Bearer token of the daemon's API (default: ${TokenVariable}, else server.bearerToken of --config)." };
    public Option<string?> Config { get; } = new("--config", "-c") { Description = "The daemon's config file: only its server section is read (address, token)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(Config);
    }

    /// <summary>A client for the daemon, or an error message for the user.</summary>
    public bool TryConnect(ParseResult parse, CliContext context, HttpClient http, out DaemonApiClient? client, out string error)
    {
        client = null;
        error = "";
        var url = parse.GetValue(Url);
        var token = parse.GetValue(Token) ?? context.GetEnvironmentVariable(TokenVariable);
        if (parse.GetValue(Config) is { } configPath && (url is null || string.IsNullOrEmpty(token)))
        {
            if (!DaemonConfigReader.TryReadServer(configPath, context.GetEnvironmentVariable, out var listen, out var configToken, out error)) return false;
            if (url is null && ListenAddress.TryParse(listen, out var address, out _)) url = address!.ClientUrl();
            if (string.IsNullOrEmpty(token)) token = configToken;
        }
        url ??= ListenAddress.TryParse(ListenAddress.Default, out var d, out _) ? d!.ClientUrl() : "http://127.0.0.1:9797";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            error = $"--url '{url}' is not an http(s) URL";
            return false;
        }
        client = new DaemonApiClient(http, baseUrl, token);
        return true;
    }
}
