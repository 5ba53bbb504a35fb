namespace Doomsday.Core.Configuration;

/// <summary>
/// Stable codes of configuration errors. Public contract (docs/configuration.md, "Error codes"):
/// scripts match on them in <c>doomsday config check --output json</c>; never rename one.
/// </summary>
public static class ConfigErrorCodes
{
    /// <summary>The file is not valid YAML (tab indentation, unclosed bracket, duplicate key, ...); parsing stops there.</summary>
    public const string YamlSyntax = "yaml_syntax";

    /// <summary>The file could not be read at all (missing, unreadable).</summary>
    public const string Unreadable = "unreadable";

    /// <summary>A key that the section does not have; the message suggests the nearest known key.</summary>
    public const string UnknownField = "unknown_field";

    /// <summary>A required key is absent (a probe's <c>name</c>, an http probe's <c>url</c>, ...).</summary>
    public const string MissingField = "missing_field";

    /// <summary>A list where a mapping was expected, a mapping where a single value was expected, and so on.</summary>
    public const string WrongType = "wrong_type";

    /// <summary>A value of the right shape that is not allowed (not an integer, not a boolean, not one of the accepted words, out of range).</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>Not a duration (<c>90d</c>, <c>36h</c>, <c>15s</c>, <c>500ms</c>), or a duration that must be positive and is not.</summary>
    public const string InvalidDuration = "invalid_duration";

    /// <summary>A probe or notifier <c>kind</c> that is not registered; the message lists the valid kinds.</summary>
    public const string UnknownKind = "unknown_kind";

    /// <summary>Two probes, two notifiers or two maintenance windows with the same name.</summary>
    public const string DuplicateName = "duplicate_name";

    /// <summary>A route names a notifier that is not defined.</summary>
    public const string UnknownNotifier = "unknown_notifier";

    /// <summary>A <c>${NAME}</c> whose variable is not set in the environment.</summary>
    public const string UndefinedEnv = "undefined_env";

    /// <summary><c>server.listen</c> is not a loopback address and no <c>server.bearerToken</c> is set.</summary>
    public const string InsecureListen = "insecure_listen";

    /// <summary>Thresholds not ordered warning ≥ critical ≥ emergency ≥ 0.</summary>
    public const string ThresholdOrder = "threshold_order";

    /// <summary>Escalation steps whose <c>below</c> is not strictly decreasing.</summary>
    public const string EscalationOrder = "escalation_order";

    /// <summary>Not an absolute <c>http://</c> or <c>https://</c> URL.</summary>
    public const string InvalidUrl = "invalid_url";

    /// <summary>Not <c>HOST:PORT</c> (IPv6 as <c>[::1]:PORT</c>), or for <c>certificates.endpoints</c> not <c>HOST:PORT[,sni=NAME]</c>.</summary>
    public const string InvalidAddress = "invalid_address";

    /// <summary>
    /// The file is beyond what is parsed: larger than <see cref="WatchConfigLoader.MaxFileSize"/>, nested deeper than
    /// <see cref="Yaml.YamlLimits.MaxDepth"/>, or expanding aliases far beyond its own size. Parsing stops there.
    /// </summary>
    public const string YamlLimit = "yaml_limit";

    /// <summary>A <c>${</c> that does not start a reference <c>${NAME}</c> (no closing brace, not a variable name); <c>$${</c> writes a literal <c>${</c>.</summary>
    public const string EnvSyntax = "env_syntax";

    /// <summary><c>server.bearerToken</c> too short, too uniform, or holding white space (docs/configuration.md, <c>server</c>).</summary>
    public const string WeakToken = "weak_token";

    public static IReadOnlyList<string> All { get; } =
    [
        YamlSyntax, Unreadable, UnknownField, MissingField, WrongType, InvalidValue, InvalidDuration, UnknownKind,
        DuplicateName, UnknownNotifier, UndefinedEnv, InsecureListen, ThresholdOrder, EscalationOrder, InvalidUrl, InvalidAddress,
        YamlLimit, EnvSyntax, WeakToken,
    ];
}
