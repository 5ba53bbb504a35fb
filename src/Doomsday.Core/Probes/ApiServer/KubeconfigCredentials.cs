using System.Text;
using Doomsday.Core.Sources.Kubeconfig;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Probes.ApiServer;

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
    public static bool TryRead(string path, string? context, out KubeconfigCredentials? credentials, out string? error)
    {
        credentials = null;
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(Encoding.UTF8.GetString(File.ReadAllBytes(path))));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                error = $"kubeconfig {path} is empty or not a YAML mapping";
                return false;
            }
            root = m;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e is FileNotFoundException or DirectoryNotFoundException ? $"kubeconfig {path} does not exist" : $"kubeconfig {path}: {e.Message}";
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
        try
        {
            token = File.ReadAllText(TokenFile).Trim();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"tokenFile {TokenFile} cannot be read";
            return false;
        }
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
        try
        {
            content = File.ReadAllBytes(full);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"{field} {full} cannot be read";
            return false;
        }
    }

    private static string Resolve(string file, string baseDir) => Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDir, file));

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrEmpty(s.Value) ? s.Value : null;
}
