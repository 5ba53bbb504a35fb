using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Watch.Probes;

/// <summary>
/// TLS settings with their files read: the CAs to trust (none = the system store), the client
/// certificate with its key (and any intermediates that came with it), the name to send as SNI and
/// verify the server certificate against, and whether to verify at all. Built once per distinct setting and shared by
/// every probe using it (see <see cref="ProbeHttpHandlers"/>).
/// </summary>
internal sealed class TlsMaterial : IDisposable
{
    public X509Certificate2Collection? TrustedCas { get; init; }
    public X509Certificate2? ClientCertificate { get; init; }
    public X509Certificate2Collection ClientChain { get; init; } = [];
    public string? ServerName { get; init; }
    public bool InsecureSkipVerify { get; init; }

    public static TlsMaterial None { get; } = new();

    /// <summary>Reads the PEM files <paramref name="options"/> names. The error says which file and why, never what it holds.</summary>
    public static bool TryLoad(TlsClientOptions? options, out TlsMaterial? material, out string? error)
    {
        if (options is null)
        {
            material = None;
            error = null;
            return true;
        }
        byte[]? ca = null, cert = null, key = null;
        if (options.Ca is { } caFile && !TryRead(caFile, "ca", out ca, out error)) { material = null; return false; }
        if (options.Cert is { } certFile && !TryRead(certFile, "cert", out cert, out error)) { material = null; return false; }
        if (options.Key is { } keyFile && !TryRead(keyFile, "key", out key, out error)) { material = null; return false; }
        try
        {
            return TryBuild(ca, cert, key, options.ServerName, options.InsecureSkipVerify, out material, out error);
        }
        finally
        {
            if (key is not null) CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Builds from PEM bytes (files already read, or a kubeconfig's <c>*-data</c> fields).</summary>
    public static bool TryBuild(byte[]? caPem, byte[]? certPem, byte[]? keyPem, string? serverName, bool insecure, out TlsMaterial? material, out string? error)
    {
        material = null;
        X509Certificate2Collection? cas = null;
        if (caPem is not null)
        {
            cas = [];
            try
            {
                cas.ImportFromPem(System.Text.Encoding.ASCII.GetString(caPem));
            }
            catch (CryptographicException e)
            {
                error = $"ca: not a PEM certificate bundle ({e.Message})";
                return false;
            }
            if (cas.Count == 0)
            {
                error = "ca: holds no PEM certificate";
                return false;
            }
        }
        if ((certPem is null) != (keyPem is null))
        {
            error = certPem is null ? "key is set without cert" : "cert is set without key";
            return false;
        }
        X509Certificate2? client = null;
        var chain = new X509Certificate2Collection();
        if (certPem is not null && keyPem is not null)
        {
            var certText = System.Text.Encoding.ASCII.GetString(certPem);
            var keyText = System.Text.Encoding.ASCII.GetString(keyPem);
            try
            {
                client = X509Certificate2.CreateFromPem(certText, keyText);
                var all = new X509Certificate2Collection();
                all.ImportFromPem(certText);
                foreach (var c in all)
                {
                    if (c.Thumbprint != client.Thumbprint) chain.Add(c);
                }
            }
            catch (CryptographicException e)
            {
                // The message of CreateFromPem names what is wrong (no key, key does not match), not the key.
                error = $"cert/key: {e.Message}";
                return false;
            }
        }
        material = new TlsMaterial
        {
            TrustedCas = cas,
            ClientCertificate = client,
            ClientChain = chain,
            ServerName = serverName,
            InsecureSkipVerify = insecure,
        };
        error = null;
        return true;
    }

    /// <summary>Largest ca, cert or key file read.</summary>
    private const long MaxFileSize = 1024 * 1024;

    /// <summary>Reads a TLS file the way scan reads files (never blocking on a FIFO); the message names the field and path, never content.</summary>
    internal static bool TryRead(string path, string field, out byte[]? content, out string? error)
    {
        if (FileReader.TryRead(path, MaxFileSize, out var bytes, out var reason, out var message))
        {
            content = bytes;
            error = null;
            return true;
        }
        content = null;
        error = reason switch
        {
            ReasonCodes.NotFound => $"{field}: {path} does not exist",
            ReasonCodes.TooLarge => $"{field}: {path} is larger than 1 MiB",
            _ => $"{field}: {path}: {message}",
        };
        return false;
    }

    public void Dispose()
    {
        if (ReferenceEquals(this, None)) return;
        ClientCertificate?.Dispose();
        foreach (var c in ClientChain) c.Dispose();
        if (TrustedCas is not null) foreach (var c in TrustedCas) c.Dispose();
    }
}
