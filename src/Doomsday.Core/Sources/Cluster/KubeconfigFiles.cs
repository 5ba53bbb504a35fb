using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using k8s.KubeConfigModels;

namespace Doomsday.Core.Sources.Cluster;

/// <summary>
/// What is done to a kubeconfig context before KubernetesClient builds a client from it. The files its
/// cluster and user name (<c>certificate-authority</c>, <c>client-certificate</c>, <c>client-key</c>) are
/// read as <c>scan</c> reads files (<see cref="FileReader"/>: never blocking on a FIFO or a device, within
/// a size limit) and put inline as their <c>*-data</c> fields, so the client never opens a file itself.
/// An <c>exec</c> credential plugin is refused when the caller says so.
/// </summary>
internal static class KubeconfigFiles
{
    /// <summary>Largest kubeconfig, certificate or key file read (as <c>scan --max-file-size</c>'s default).</summary>
    public const long MaxFileSize = 10 * 1024 * 1024;

    /// <summary>Null when the context is ready to build; otherwise the reason code and message (no secret in it).</summary>
    public static (string Reason, string Message)? Prepare(K8SConfiguration config, string context, bool execPlugins)
    {
        // KubernetesClient looks contexts, clusters and users up ignoring case; the same entries are prepared here.
        var active = config.Contexts?.FirstOrDefault(c => string.Equals(c.Name, context, StringComparison.OrdinalIgnoreCase));
        if (active?.ContextDetails is not { } details) return null; // the client words this error
        var cluster = config.Clusters?.FirstOrDefault(c => string.Equals(c.Name, details.Cluster, StringComparison.OrdinalIgnoreCase))?.ClusterEndpoint;
        var user = string.IsNullOrWhiteSpace(details.User)
            ? null
            : config.Users?.FirstOrDefault(u => string.Equals(u.Name, details.User, StringComparison.OrdinalIgnoreCase));

        if (!execPlugins && user?.UserCredentials?.ExternalExecution is { } exec)
        {
            return (ReasonCodes.ExecPluginRefused,
                $"user '{user.Name}' signs in by running '{exec.Command}' (an exec credential plugin), refused by --no-exec-plugins");
        }
        if (cluster is not null && string.IsNullOrEmpty(cluster.CertificateAuthorityData) && !string.IsNullOrEmpty(cluster.CertificateAuthority))
        {
            if (!TryInline(config, "certificate-authority", cluster.CertificateAuthority, out var data, out var error)) return error;
            (cluster.CertificateAuthorityData, cluster.CertificateAuthority) = (data, null);
        }
        if (user?.UserCredentials is { } credentials)
        {
            if (string.IsNullOrEmpty(credentials.ClientCertificateData) && !string.IsNullOrEmpty(credentials.ClientCertificate))
            {
                if (!TryInline(config, "client-certificate", credentials.ClientCertificate, out var data, out var error)) return error;
                (credentials.ClientCertificateData, credentials.ClientCertificate) = (data, null);
            }
            if (string.IsNullOrEmpty(credentials.ClientKeyData) && !string.IsNullOrEmpty(credentials.ClientKey))
            {
                if (!TryInline(config, "client-key", credentials.ClientKey, out var data, out var error)) return error;
                (credentials.ClientKeyData, credentials.ClientKey) = (data, null);
            }
        }
        return null;
    }

    /// <summary>The file's content as base64, or why it could not be read.</summary>
    private static bool TryInline(K8SConfiguration config, string field, string path, out string? data, out (string Reason, string Message)? error)
    {
        data = null;
        error = null;
        // Relative to the kubeconfig's directory, as kubectl and KubernetesClient resolve it.
        var full = Path.IsPathRooted(path) || string.IsNullOrWhiteSpace(config.FileName)
            ? path
            : Path.Combine(Path.GetDirectoryName(config.FileName)!, path);
        if (!FileReader.TryRead(full, MaxFileSize, out var content, out var reason, out var message))
        {
            error = (reason!, $"{field} {full}: {message}");
            return false;
        }
        if (content.Length == 0)
        {
            // client-go refuses an empty CA or certificate file too ("unable to load root certificates").
            error = (ReasonCodes.NoCertificateFound, $"{field} {full}: file is empty");
            return false;
        }
        data = Convert.ToBase64String(content);
        if (field == "client-key") System.Security.Cryptography.CryptographicOperations.ZeroMemory(content);
        return true;
    }
}
