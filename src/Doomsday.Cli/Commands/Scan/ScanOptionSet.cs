using System.CommandLine;
using Doomsday.Cli.Hosting;
using Doomsday.Core.Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Cluster;

namespace Doomsday.Cli.Commands.Scan;

/// <summary>The flags of <c>scan</c> (public contract: docs/cli.md), shared with commands that scan first.</summary>
public sealed class ScanOptionSet
{
    public const string DefaultKubeadmDir = "/etc/kubernetes";

    public Argument<string[]> Paths { get; } = new("paths")
    {
        Description = "Files, directories (walked recursively) and globs to scan.",
        Arity = ArgumentArity.ZeroOrMore,
    };
    public Option<string[]> Include { get; } = new("--include") { Description = "Only files matching this glob (repeatable), e.g. '**/*.crt'.", AllowMultipleArgumentsPerToken = false };
    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "Skip files matching this glob (repeatable)." };
    public Option<string[]> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file to scan (repeatable). Without it, $KUBECONFIG then ~/.kube/config are used when nothing else is given." };
    public Option<string?> Kubeadm { get; } = new("--kubeadm")
    {
        Description = $"Scan a kubeadm node: PKI, kubeconfigs, kubelet certs and static pod manifests under DIR (default {DefaultKubeadmDir}).",
        Arity = ArgumentArity.ZeroOrOne,
    };
    public Option<string[]> Endpoint { get; } = new("--endpoint") { Description = "Live TLS endpoint HOST:PORT[,sni=NAME] whose presented chain is recorded (repeatable)." };
    // The one severity scale's thresholds (docs/severity.md); their defaults are written once, in Thresholds.Default.
    public Option<string> Warning { get; } = new("--warning") { Description = "Warn when a certificate expires within this duration.", DefaultValueFactory = _ => Durations.Format(Thresholds.Default.Warning) };
    public Option<string> Critical { get; } = new("--critical") { Description = "Critical within this duration.", DefaultValueFactory = _ => Durations.Format(Thresholds.Default.Critical) };
    public Option<string> Emergency { get; } = new("--emergency") { Description = "Emergency within this duration.", DefaultValueFactory = _ => Durations.Format(Thresholds.Default.Emergency) };
    public Option<string> Output { get; } = new("--output", "-o") { DefaultValueFactory = _ => "table" };
    public Option<string> FailOn { get; } = new("--fail-on") { Description = "Least severity that makes the exit code non-zero: warning, critical, emergency, expired or never.", DefaultValueFactory = _ => "warning" };
    public Option<string[]> Passphrase { get; } = new("--passphrase") { Description = $"Passphrase for PKCS#12 files and encrypted keys (repeatable; also ${ScanCommand.PassphraseVariable}). The empty passphrase is always tried." };
    public Option<string> MaxFileSize { get; } = new("--max-file-size") { Description = "Files larger than this are reported too_large (bytes, or with K/M suffix).", DefaultValueFactory = _ => "10M" };
    public Option<string> Timeout { get; } = new("--timeout") { Description = "Timeout of each endpoint connection and handshake, each Kubernetes API call, and each wait on a pipe or device.", DefaultValueFactory = _ => "5s" };
    public Option<string> SourceTimeout { get; } = new("--source-timeout")
    {
        Description = "A source (the paths, the kubeconfigs, the kubeadm node, ...) that makes no progress for this long is abandoned with a timeout error and the scan goes on; 0: never.",
        DefaultValueFactory = _ => "2m",
    };
    public Option<bool> NoExecPlugins { get; } = new("--no-exec-plugins") { Description = "With --cluster: do not run kubeconfig exec credential plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin); such a context is an exec_plugin_refused error." };
    public Option<bool> NoColor { get; } = new("--no-color") { Description = "Plain output without colours (also when $NO_COLOR is set)." };
    public Option<bool> Cluster { get; } = new("--cluster") { Description = "Also read the cluster through its API: TLS Secrets, kube-root-ca.crt ConfigMaps, webhook/APIService/CRD caBundles, issued CSRs (kubeconfig's current context, --context, or in-cluster credentials)." };
    public Option<string[]> Context { get; } = new("--context") { Description = "With --cluster: the kubeconfig context to read (repeatable: several clusters at once). Default: the current context." };
    public Option<string[]> Namespace { get; } = new("--namespace", "-n") { Description = "With --cluster: read only this namespace (repeatable)." };
    public Option<string[]> ExcludeNamespace { get; } = new("--exclude-namespace") { Description = "With --cluster: skip this namespace (repeatable; filtered by the API server)." };
    public Option<string?> Selector { get; } = new("--selector", "-l") { Description = "With --cluster: label selector for Secrets (and --configmap-key ConfigMaps), e.g. 'app=web,tier!=test'." };
    public Option<string[]> SecretType { get; } = new("--secret-type") { Description = "With --cluster: also read Secrets of TYPE, keys matching GLOBs: TYPE=GLOB[,GLOB] (repeatable), e.g. 'Opaque=*.crt,*.pem'. kubernetes.io/tls=tls.crt is read unless a --secret-type of that type replaces it, e.g. 'kubernetes.io/tls=tls.crt,ca.crt'." };
    public Option<string[]> ConfigMapKey { get; } = new("--configmap-key") { Description = "With --cluster: also read ConfigMap keys matching GLOB in every ConfigMap (repeatable). kube-root-ca.crt is always read." };

    private readonly IReadOnlyList<OutputFormat> _formats;

    /// <param name="formats">The --output formats the command accepts; scan's when null.</param>
    public ScanOptionSet(IReadOnlyList<OutputFormat>? formats = null)
    {
        _formats = formats ?? [OutputFormat.Table, OutputFormat.Wide, OutputFormat.Json, OutputFormat.Prometheus];
        Output.Description = "Output format: " + string.Join(", ", _formats.Select(f => f.ToString().ToLowerInvariant())) + ".";
        // What `doomsday completion` offers after these flags.
        Output.CompletionSources.Add([.. _formats.Select(f => f.ToString().ToLowerInvariant())]);
        FailOn.CompletionSources.Add("warning", "critical", "emergency", "expired", "never");
        // An unknown --flag given where paths go is refused for every argument of the tree (Hosting/CommandLineHints).
    }

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        foreach (var option in new Option[] { Include, Exclude, Kubeconfig, Kubeadm, Endpoint, Warning, Critical, Emergency, Output, FailOn, Passphrase, MaxFileSize, Timeout, SourceTimeout, NoColor,
                     Cluster, Context, Namespace, ExcludeNamespace, Selector, SecretType, ConfigMapKey, NoExecPlugins })
        {
            command.Options.Add(option);
        }
    }

    public bool TryBind(ParseResult parse, CliContext context, out ScanSettings? settings, out string? error)
    {
        settings = null;
        if (!TryDuration(parse, Warning, out var warning, out error)
            || !TryDuration(parse, Critical, out var critical, out error)
            || !TryDuration(parse, Emergency, out var emergency, out error)
            || !TryDuration(parse, Timeout, out var timeout, out error)
            || !TryDuration(parse, SourceTimeout, out var sourceTimeout, out error))
        {
            return false;
        }
        var thresholds = new Thresholds(warning, critical, emergency);
        if (thresholds.Validate() is { } bad)
        {
            error = bad;
            return false;
        }
        var output = parse.GetValue(Output)!.ToLowerInvariant() switch
        {
            "table" => (OutputFormat?)OutputFormat.Table,
            "wide" => OutputFormat.Wide,
            "json" => OutputFormat.Json,
            "prometheus" or "prom" => OutputFormat.Prometheus,
            "markdown" or "md" => OutputFormat.Markdown,
            _ => null,
        };
        if (output is null || !_formats.Contains(output.Value))
        {
            error = $"--output: '{parse.GetValue(Output)}' is not one of {string.Join(", ", _formats.Select(f => f.ToString().ToLowerInvariant()))}";
            return false;
        }
        if (!Enum.TryParse<Core.Inventory.FailOn>(parse.GetValue(FailOn), ignoreCase: true, out var failOn) || !Enum.IsDefined(failOn))
        {
            error = $"--fail-on: '{parse.GetValue(FailOn)}' is not one of warning, critical, emergency, expired, never";
            return false;
        }
        if (!TrySize(parse.GetValue(MaxFileSize)!, out var maxSize))
        {
            error = $"--max-file-size: '{parse.GetValue(MaxFileSize)}' is not a size such as 10M";
            return false;
        }
        var passphrases = (parse.GetValue(Passphrase) ?? []).ToList();
        if (context.GetEnvironmentVariable(ScanCommand.PassphraseVariable) is { Length: > 0 } envPass) passphrases.Add(envPass);

        var secretPatterns = new List<SecretPattern>();
        foreach (var text in parse.GetValue(SecretType) ?? [])
        {
            if (!SecretPattern.TryParse(text, out var pattern, out var patternError))
            {
                error = $"--secret-type: {patternError}";
                return false;
            }
            secretPatterns.Add(pattern!);
        }
        var cluster = parse.GetValue(Cluster);
        Option[] clusterOnly = [Context, Namespace, ExcludeNamespace, Selector, SecretType, ConfigMapKey, NoExecPlugins];
        if (!cluster && clusterOnly.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } stray)
        {
            error = $"{stray.Name} only applies with --cluster";
            return false;
        }

        var kubeadmResult = parse.GetResult(Kubeadm);
        settings = new ScanSettings
        {
            Paths = parse.GetValue(Paths) ?? [],
            Include = parse.GetValue(Include) ?? [],
            Exclude = parse.GetValue(Exclude) ?? [],
            Kubeconfigs = parse.GetValue(Kubeconfig) ?? [],
            KubeadmDir = kubeadmResult is null ? null : parse.GetValue(Kubeadm) ?? DefaultKubeadmDir,
            Endpoints = parse.GetValue(Endpoint) ?? [],
            Thresholds = thresholds,
            Output = output.Value,
            FailOn = failOn,
            NoColor = parse.GetValue(NoColor) || Rendering.Terminal.WantsNoColor(context.GetEnvironmentVariable),
            Options = new ScanOptions
            {
                Passphrases = passphrases,
                MaxFileSize = maxSize,
                EndpointTimeout = timeout,
                ReadTimeout = timeout,
                SourceTimeout = sourceTimeout == TimeSpan.Zero ? null : sourceTimeout,
            },
            Cluster = cluster,
            ExecPlugins = !parse.GetValue(NoExecPlugins),
            Contexts = parse.GetValue(Context) ?? [],
            ClusterOptions = new ClusterReadOptions
            {
                Secrets = SecretPattern.WithDefault(secretPatterns),
                ConfigMapKeys = parse.GetValue(ConfigMapKey) ?? [],
                IncludeNamespaces = parse.GetValue(Namespace) ?? [],
                ExcludeNamespaces = parse.GetValue(ExcludeNamespace) ?? [],
                LabelSelector = parse.GetValue(Selector),
                Timeout = timeout,
                Passphrases = passphrases,
            },
        };
        return true;
    }

    private static bool TryDuration(ParseResult parse, Option<string> option, out TimeSpan value, out string? error)
    {
        var text = parse.GetValue(option);
        if (Durations.TryParse(text, out value))
        {
            error = null;
            return true;
        }
        error = $"{option.Name}: '{text}' is not a duration (examples: 90d, 36h, 1d12h, 15m, 5s)";
        return false;
    }

    private static bool TrySize(string text, out long bytes)
    {
        bytes = 0;
        var t = text.Trim().ToUpperInvariant();
        long factor = 1;
        if (t.EndsWith('K')) { factor = 1024; t = t[..^1]; }
        else if (t.EndsWith('M')) { factor = 1024 * 1024; t = t[..^1]; }
        else if (t.EndsWith('G')) { factor = 1024L * 1024 * 1024; t = t[..^1]; }
        if (!long.TryParse(t, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0 || n > long.MaxValue / factor) return false;
        bytes = n * factor;
        return true;
    }
}
