using System.Text;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Doomsday.Core.Sources.Kubeconfig;

/// <summary>
/// Reads every certificate a kubeconfig holds or names: each cluster's
/// <c>certificate-authority(-data)</c> and each user's <c>client-certificate(-data)</c>, matched
/// against <c>client-key(-data)</c>. Relative file paths are resolved against the kubeconfig's own
/// directory, as kubectl does.
/// </summary>
public static class KubeconfigReader
{
    public static bool LooksLikeKubeconfig(ReadOnlySpan<byte> content)
    {
        if (content.IndexOf("-----BEGIN"u8) >= 0) return false;
        var head = content.Length > 65536 ? content[..65536] : content;
        return HasKindConfig(head)
            || (head.IndexOf("clusters:"u8) >= 0 && (head.IndexOf("users:"u8) >= 0 || head.IndexOf("contexts:"u8) >= 0));
    }

    // "kind: Config" as a whole value: a ConfigMap ("kind: ConfigMap") is not a kubeconfig.
    private static bool HasKindConfig(ReadOnlySpan<byte> head)
    {
        var marker = "kind: Config"u8;
        while (true)
        {
            var at = head.IndexOf(marker);
            if (at < 0) return false;
            var end = at + marker.Length;
            if (end == head.Length || head[end] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t' or (byte)'#') return true;
            head = head[end..];
        }
    }

    /// <param name="mapPath">Maps a path written in the kubeconfig to the path to read (used for copies of a node's tree).</param>
    /// <param name="open">The file to open for a mapped path (a link into the node's filesystem, followed under a copy); the path itself otherwise.</param>
    public static void Read(string path, byte[] content, ScanOptions options, IInventorySink sink, Func<string, string>? mapPath = null, string? name = null,
        Func<string, string>? open = null)
    {
        YamlMappingNode root;
        if (content.Length > YamlLimits.MaxBytes)
        {
            sink.Add(new SourceError(new FileSourceRef(path), ReasonCodes.YamlLimit, $"{content.Length} bytes of YAML, over the {YamlLimits.MaxBytes / (1024 * 1024)} MiB parsed"));
            return;
        }
        var scanner = new YamlDotNet.Core.Scanner(new StringReader(Encoding.UTF8.GetString(content)));
        try
        {
            var stream = BoundedYaml.Load(scanner);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                sink.Add(new SourceError(new FileSourceRef(path), ReasonCodes.BadKubeconfig, "kubeconfig is empty or not a YAML mapping"));
                return;
            }
            root = m;
        }
        catch (YamlLimitException e)
        {
            sink.Add(new SourceError(new FileSourceRef(path), ReasonCodes.YamlLimit, $"line {e.Start.Line}, column {e.Start.Column}: {e.Reason}"));
            return;
        }
        catch (YamlException e)
        {
            sink.Add(new SourceError(new FileSourceRef(path), ReasonCodes.BadKubeconfig,
                $"line {e.Start.Line}, column {e.Start.Column}: {FirstLine(e.Message)}"));
            return;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some malformed flow collections.
            var at = scanner.CurrentPosition;
            sink.Add(new SourceError(new FileSourceRef(path), ReasonCodes.BadKubeconfig,
                $"line {at.Line}, column {at.Column}: malformed YAML"));
            return;
        }

        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        foreach (var (entryName, body, line) in KubeconfigDocument.Entries(root, "clusters", "cluster"))
        {
            ReadField(path, "cluster", entryName, body, "certificate-authority", baseDir, options, sink, mapPath, open, name, line, keyField: null);
        }
        foreach (var (entryName, body, line) in KubeconfigDocument.Entries(root, "users", "user"))
        {
            ReadField(path, "user", entryName, body, "client-certificate", baseDir, options, sink, mapPath, open, name, line, keyField: "client-key");
        }
    }

    private static void ReadField(string path, string kind, string entryName, YamlMappingNode body, string field, string baseDir,
        ScanOptions options, IInventorySink sink, Func<string, string>? mapPath, Func<string, string>? open, string? name, long line, string? keyField)
    {
        var dataField = field + "-data";
        byte[]? material = null;
        string usedField;
        string? referenced = null;
        if (Scalar(body, dataField) is { } data)
        {
            usedField = dataField;
            try
            {
                material = Convert.FromBase64String(data.Value);
            }
            catch (FormatException)
            {
                sink.Add(new SourceError(new KubeconfigSourceRef(path, kind, entryName, dataField), ReasonCodes.BadBase64,
                    $"line {data.Line}: {dataField} of {kind} '{entryName}' is not valid base64"));
                return;
            }
        }
        else if (Scalar(body, field) is { } file)
        {
            usedField = field;
            referenced = Resolve(file.Value, baseDir);
            var readPath = mapPath?.Invoke(referenced) ?? referenced;
            if (!FileReader.TryRead(open?.Invoke(readPath) ?? readPath, options.MaxFileSize, out material, out var reason, out var message, options.ReadTimeout))
            {
                sink.Add(new SourceError(new KubeconfigSourceRef(path, kind, entryName, field, ReferencedPath: readPath), reason!,
                    $"line {file.Line}: {field} of {kind} '{entryName}' names {readPath}: {message}"));
                return;
            }
            referenced = readPath;
        }
        else
        {
            return; // token or exec auth, or a cluster that trusts the system roots: nothing to scan
        }

        var decoded = CertificateDecoder.Decode(material, options.Passphrases);
        if (keyField is not null) AddKey(decoded, body, keyField, baseDir, options, mapPath, open);
        var isClient = kind == "user";
        foreach (var cert in decoded.Certificates)
        {
            sink.Add(new FoundCertificate(cert.Info, new KubeconfigSourceRef(path, kind, entryName, usedField, cert.Index, referenced))
            {
                Name = name is null ? null : (isClient ? name : $"{name} (ca)"),
                KeyMatches = isClient ? decoded.KeyMatches(cert.Info) : null,
            });
        }
        foreach (var p in decoded.Problems)
        {
            sink.Add(new SourceError(new KubeconfigSourceRef(path, kind, entryName, usedField, ReferencedPath: referenced), p.Reason,
                $"line {line}: {usedField} of {kind} '{entryName}': {p.Message}"));
        }
        if (decoded.Certificates.Count == 0 && decoded.Problems.Count == 0)
        {
            sink.Add(new SourceError(new KubeconfigSourceRef(path, kind, entryName, usedField, ReferencedPath: referenced), ReasonCodes.NoCertificateFound,
                $"line {line}: {usedField} of {kind} '{entryName}' holds no certificate"));
        }
    }

    private static void AddKey(DecodeResult decoded, YamlMappingNode body, string keyField, string baseDir, ScanOptions options,
        Func<string, string>? mapPath, Func<string, string>? open)
    {
        byte[]? keyMaterial = null;
        if (Scalar(body, keyField + "-data") is { } kd)
        {
            try { keyMaterial = Convert.FromBase64String(kd.Value); } catch (FormatException) { }
        }
        else if (Scalar(body, keyField) is { } kf)
        {
            var p = Resolve(kf.Value, baseDir);
            var readPath = mapPath?.Invoke(p) ?? p;
            FileReader.TryRead(open?.Invoke(readPath) ?? readPath, options.MaxFileSize, out keyMaterial, out _, out _, options.ReadTimeout);
        }
        if (keyMaterial is null || keyMaterial.Length == 0) return;
        var keys = CertificateDecoder.Decode(keyMaterial, options.Passphrases).Keys;
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(keyMaterial);
        foreach (var k in keys) decoded.Keys.Add(k with { Index = decoded.Keys.Count });
    }

    private static (string Value, long Line)? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s && !string.IsNullOrEmpty(s.Value)
            ? (s.Value!, s.Start.Line)
            : null;

    private static string Resolve(string file, string baseDir)
    {
        if (file.StartsWith("~/", StringComparison.Ordinal))
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), file[2..]);
        }
        return Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(baseDir, file));
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }
}
