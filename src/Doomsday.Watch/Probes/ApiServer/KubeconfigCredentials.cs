using System.Text;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Sources.Kubeconfig;
using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Watch.Probes.ApiServer;

/// <summary>
/// What a kubeconfig context says about talking to its API server: the cluster's CA, TLS server name
/// and <c>insecure-skip-tls-verify</c>; the user's client certificate and key, or bearer token
/// (<c>token</c> / <c>tokenFile</c>). Inline <c>*-data</c> fields win over file fields, as in kubectl;
/// relative paths are resolved against the kubeconfig's directory. Exec and auth-provider plugins are
/// not run. Errors name the field and the file, never a value.
/// </summary>
internal sealed record KubeconfigCredentials(
    byte[]? CaPem,
    byte[]? CertPem,
    byte[]? KeyPem,
    string? ServerName,
    bool InsecureSkipVerify,
    string? Token,
    string? TokenFile)
{
    /// <summary>Largest kubeconfig, certificate, key or token file read (as <c>scan --max-file-size</c>'s default).</summary>
    private const long MaxFileSize = 10 * 1024 * 1024;

    public static bool TryRead(string path, string? context, out KubeconfigCredentials? credentials, out string? error)
    {
        credentials = null;
        YamlMappingNode root;
        if (!FileReader.TryRead(path, MaxFileSize, out var content, out var reason, out var message))
        {
            error = reason == ReasonCodes.NotFound ? $"kubeconfig {path} does not exist" : $"kubeconfig {path}: {message}";
            return false;
        }
        try
        {
            var stream = BoundedYaml.Load(BoundedYaml.Text(content));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                error = $"kubeconfig {path} is empty or not a YAML mapping";
                return false;
            }
            root = m;
        }
        catch (YamlLimitException e)
        {
            error = $"kubeconfig {path}: {e.Reason}";
            return false;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            error = $"kubeconfig {path} is not valid YAML";
            return false;
        }

        var contextName = context ?? Scalar(root, "current-context");
        if (contextName is null)
        {
            error = $"kubeconfig {path} has no current-context; set context";
            return false;
        }
        var ctx = KubeconfigDocument.Entries(root, "contexts", "context").Where(e => e.Name == contextName).Select(e => e.Body).FirstOrDefault();
        if (ctx is null)
        {
            error = $"kubeconfig {path} has no context '{contextName}'";
            return false;
        }
        var clusterName = Scalar(ctx, "cluster");
        var userName = Scalar(ctx, "user");
        var cluster = KubeconfigDocument.Entries(root, "clusters", "cluster").Where(e => e.Name == clusterName).Select(e => e.Body).FirstOrDefault();
        if (cluster is null)
        {
            error = $"kubeconfig {path}: context '{contextName}' names cluster '{clusterName}', which is not there";
            return false;
        }
        var user = userName is null ? null : KubeconfigDocument.Entries(root, "users", "user").Where(e => e.Name == userName).Select(e => e.Body).FirstOrDefault();
        if (userName is not null && user is null)
        {
            error = $"kubeconfig {path}: context '{contextName}' names user '{userName}', which is not there";
            return false;
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        if (!TryMaterial(cluster, "certificate-authority", baseDir, out var ca, out error)) return false;
        byte[]? cert = null, key = null;
        if (user is not null
            && (!TryMaterial(user, "client-certificate", baseDir, out cert, out error) || !TryMaterial(user, "client-key", baseDir, out key, out error)))
        {
            return false;
        }
        var tokenFile = user is null ? null : Scalar(user, "tokenFile");
        credentials = new KubeconfigCredentials(
            ca, cert, key,
            Scalar(cluster, "tls-server-name"),
            Scalar(cluster, "insecure-skip-tls-verify") == "true",
            user is null ? null : Scalar(user, "token"),
            tokenFile is null ? null : Resolve(tokenFile, baseDir));
        error = null;
        return true;
    }

    /// <summary>The bearer token: <c>token</c>, else the current content of <c>tokenFile</c> (re-read each time: projected tokens rotate).</summary>
    public bool TryToken(out string? token, out string? error)
    {
        error = null;
        token = Token;
        if (token is not null || TokenFile is null) return true;
        if (FileReader.TryRead(TokenFile, MaxFileSize, out var bytes, out _, out var message))
        {
            token = Encoding.UTF8.GetString(bytes).Trim();
            return true;
        }
        error = $"tokenFile {TokenFile} cannot be read: {message}";
        return false;
    }

    private static bool TryMaterial(YamlMappingNode body, string field, string baseDir, out byte[]? content, out string? error)
    {
        content = null;
        error = null;
        if (Scalar(body, field + "-data") is { } data)
        {
            try
            {
                content = Convert.FromBase64String(data);
                return true;
            }
            catch (FormatException)
            {
                error = $"{field}-data is not valid base64";
                return false;
            }
        }
        if (Scalar(body, field) is not { } file) return true;
        var full = Resolve(file, baseDir);
        if (FileReader.TryRead(full, MaxFileSize, out var bytes, out _, out var message))
        {
            content = bytes;
            return true;
        }
        error = $"{field} {full} cannot be read: {message}";
        return false;
    }

    private static string Resolve(string file, string baseDir) => Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDir, file));

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrEmpty(s.Value) ? s.Value : null;
}
