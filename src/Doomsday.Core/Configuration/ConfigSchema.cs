using Doomsday.Core.Notifiers;
using Doomsday.Core.Notifiers.Email;
using Doomsday.Core.Notifiers.Slack;
using Doomsday.Core.Notifiers.Webhook;
using Doomsday.Core.Probes;
using Doomsday.Core.Probes.ApiServer;
using Doomsday.Core.Probes.Dns;
using Doomsday.Core.Probes.Http;

namespace Doomsday.Core.Configuration;

/// <summary>
/// Everything about the file's shape that the record types alone do not say, in one place. A key is
/// the camelCase property name unless <see cref="KeyAliases"/> says otherwise; polymorphic lists
/// take their kinds from the registries (nothing here switches on a kind).
/// </summary>
internal static class ConfigSchema
{
    /// <summary>Properties written under a nested key, as the YAML does: <c>expect: {status: [200], bodyContains: ok}</c>.</summary>
    public static readonly IReadOnlyDictionary<(Type Owner, string Property), string> KeyAliases = new Dictionary<(Type, string), string>
    {
        [(typeof(HttpProbeOptions), nameof(HttpProbeOptions.ExpectStatus))] = "expect.status",
        [(typeof(HttpProbeOptions), nameof(HttpProbeOptions.BodyContains))] = "expect.bodyContains",
        [(typeof(HttpProbeOptions), nameof(HttpProbeOptions.BodyRegex))] = "expect.bodyRegex",
        [(typeof(HttpProbeOptions), nameof(HttpProbeOptions.JsonField))] = "expect.jsonField",
        [(typeof(HttpProbeOptions), nameof(HttpProbeOptions.JsonValue))] = "expect.jsonValue",
        [(typeof(HttpProbeOptions), nameof(HttpProbeOptions.MaxLatency))] = "expect.maxLatency",
        [(typeof(DnsProbeOptions), nameof(DnsProbeOptions.ExpectAnswers))] = "expect.answers",
    };

    /// <summary>Lists of an abstract options type: each item names its <c>kind</c>, bound to that kind's options record.</summary>
    public static readonly IReadOnlyDictionary<Type, IReadOnlyList<(string Name, Type OptionsType)>> Kinds = new Dictionary<Type, IReadOnlyList<(string, Type)>>
    {
        [typeof(ProbeOptions)] = ProbeKinds.All.Select(k => (k.Name, k.OptionsType)).ToList(),
        [typeof(NotifierOptions)] = NotifierKinds.All.Select(k => (k.Name, k.OptionsType)).ToList(),
    };

    public const string KindKey = "kind";

    /// <summary>File paths, resolved against the config file's directory when relative.</summary>
    public static readonly IReadOnlySet<(Type Owner, string Property)> PathFields = new HashSet<(Type, string)>
    {
        (typeof(CertificatesConfig), nameof(CertificatesConfig.Kubeadm)),
        (typeof(CertificatesConfig), nameof(CertificatesConfig.Paths)),
        (typeof(CertificatesConfig), nameof(CertificatesConfig.Kubeconfigs)),
        (typeof(ClusterConfig), nameof(ClusterConfig.Kubeconfig)),
        (typeof(TlsClientOptions), nameof(TlsClientOptions.Ca)),
        (typeof(TlsClientOptions), nameof(TlsClientOptions.Cert)),
        (typeof(TlsClientOptions), nameof(TlsClientOptions.Key)),
        (typeof(ApiServerProbeOptions), nameof(ApiServerProbeOptions.Kubeconfig)),
        (typeof(StoreConfig), nameof(StoreConfig.Path)),
    };

    /// <summary>Values never printed (ToString, <c>config check --show</c>, error messages): webhook URLs, passwords, tokens, headers.</summary>
    public static readonly IReadOnlySet<(Type Owner, string Property)> Secrets = new HashSet<(Type, string)>
    {
        (typeof(SlackNotifierOptions), nameof(SlackNotifierOptions.Url)),
        (typeof(WebhookNotifierOptions), nameof(WebhookNotifierOptions.Url)),
        (typeof(WebhookNotifierOptions), nameof(WebhookNotifierOptions.Headers)),
        (typeof(EmailNotifierOptions), nameof(EmailNotifierOptions.Password)),
        (typeof(HttpProbeOptions), nameof(HttpProbeOptions.Headers)),
        (typeof(ServerConfig), nameof(ServerConfig.BearerToken)),
        (typeof(HeartbeatConfig), nameof(HeartbeatConfig.Url)),
    };

    public static bool IsSecret(Type owner, string property) => Secrets.Contains((owner, property));

    /// <summary>URL fields (every <c>Url</c> and <c>Urls</c>, as <see cref="FieldRules"/> checks them): shown only through <see cref="Core.Secrets.UrlSecrets.Redact"/>.</summary>
    public static bool IsUrl(string property) => property is "Url" or "Urls";

    /// <summary>A non-secret value as it may be shown: URLs without their user info password or secret query values.</summary>
    public static string Shown(string property, string value) => IsUrl(property) ? Core.Secrets.UrlSecrets.Redact(value) : value;

    public static bool IsPath(Type owner, string property) => PathFields.Contains((owner, property));

    public static string KeyOf(Type owner, string property) =>
        KeyAliases.TryGetValue((owner, property), out var alias) ? alias : CamelCase(property);

    public static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
