using Doomsday.Core.Configuration;
using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Watch.Configuration;

/// <summary>
/// Only the <c>server</c> section of a watch config: what a client of the running daemon (<c>status</c>,
/// <c>alerts</c>, <c>incidents</c>, <c>silence</c>, <c>ack</c>) needs to reach it. The file must be YAML, but
/// no other section is bound or has its <c>${NAME}</c> looked up: a notifier's secret that this shell does
/// not have is no reason to refuse, and no other value is ever read. <c>server</c> itself is bound by the
/// same rules as in <see cref="WatchConfigLoader"/> (same keys, same checks, same <c>${NAME}</c> resolution).
/// </summary>
public static class ServerSectionLoader
{
    public const string Section = "server";

    public static (ServerOptions? Server, IReadOnlyList<ConfigError> Errors) Load(string path, Func<string, string?> env)
    {
        if (ConfigFileText.Read(path, out var unreadable) is not { } text) return (null, [unreadable!]);
        YamlNode? root;
        try
        {
            // The same bounded parser as the watch loader: an alias bomb or a deep nesting is refused here too.
            var stream = BoundedYaml.Load(new Scanner(new StringReader(EnvReferences.Mark(text))));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlLimitException e)
        {
            return (null, [new ConfigError(path, e.Start.Line, e.Start.Column, "", ConfigErrorCodes.YamlLimit, e.Reason)]);
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            var at = e is YamlException y ? y.Start : Mark.Empty;
            return (null, [new ConfigError(path, at.Line, at.Column, "", ConfigErrorCodes.YamlSyntax, "not valid YAML (run 'doomsday config check' for details)")]);
        }
        if (root is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(Section), out var node) || ConfigBinder.IsNull(node))
        {
            return (new ServerOptions(), []);
        }
        var binder = new ConfigBinder(path, Path.GetDirectoryName(Path.GetFullPath(path))!, env);
        if (node is not YamlMappingNode section)
        {
            return (null, [new ConfigError(path, node.Start.Line, node.Start.Column, Section, ConfigErrorCodes.WrongType, "expected a mapping (key: value)")]);
        }
        var server = binder.BindRoot<ServerOptions>(section);
        var errors = binder.Errors.Select(e => e with { Field = ConfigBinder.Join(Section, e.Field) }).ToList();
        return errors.Count == 0 ? (server, []) : (null, errors);
    }
}
