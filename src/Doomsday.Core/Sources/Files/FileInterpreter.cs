using System.Buffers;
using Doomsday.Core.Formats;
using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Kubeconfig;

namespace Doomsday.Core.Sources.Files;

/// <summary>
/// Turns one file into inventory entries: certificate files of any format, and kubeconfigs (whose
/// embedded and referenced certificates are read too).
/// </summary>
public static class FileInterpreter
{
    private static readonly string[] CertificateExtensions = [".crt", ".cer", ".pem", ".der", ".p7b", ".p7c", ".p12", ".pfx", ".ca-bundle", ".cert"];

    /// <param name="isExplicit">
    /// True when the user named this file. Files met while walking a directory that hold no
    /// certificate material and do not look like certificate files are skipped silently.
    /// </param>
    public static void Interpret(string path, bool isExplicit, ScanOptions options, IInventorySink sink) =>
        Interpret(new WalkItem(path, isExplicit, null, IsLink: true), null, options, sink);

    /// <summary>As above, for a walked file whose directory the caller holds open (see <see cref="DirectoryHandle"/>).</summary>
    internal static void Interpret(in WalkItem item, DirectoryHandle? directory, ScanOptions options, IInventorySink sink)
    {
        var (path, isExplicit) = (item.Path, item.IsExplicit);
        var shortReadIsEnd = directory is { ShortReadIsEnd: true } && !item.IsLink;
        if (!FileReader.TryReadPooled(path, options.MaxFileSize, directory, shortReadIsEnd, out var buffer, out var length, out var rented, out var reason, out var message, options.ReadTimeout))
        {
            sink.Add(new SourceError(new FileSourceRef(path), reason!, message!));
            return;
        }
        Interpret(path, isExplicit, buffer, length, rented, options, sink);
    }

    /// <summary>
    /// As above, for a file already read (by <see cref="RingFileReader"/>). The content is copied
    /// out, so the caller may reuse its memory at once.
    /// </summary>
    internal static void Interpret(string path, bool isExplicit, ReadOnlySpan<byte> content, ScanOptions options, IInventorySink sink)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(content.Length, 1));
        content.CopyTo(buffer);
        Interpret(path, isExplicit, buffer, content.Length, rented: true, options, sink);
    }

    private static void Interpret(string path, bool isExplicit, byte[] buffer, int length, bool rented, ScanOptions options, IInventorySink sink)
    {
        try
        {
            var content = buffer.AsMemory(0, length);
            // PEM is decoded into fresh arrays: nothing found in it points back into the read
            // buffer, so the buffer can be reused. (A PEM file is never taken for a kubeconfig.)
            // Anything else (DER, PKCS#12, kubeconfigs) may be kept, so it gets its own copy.
            // Binary content that cannot start DER (0x30), base64 or YAML decodes to nothing either: no copy of it
            // (a 2 GB file of zeros is then read once, not copied too).
            if (content.Span.IndexOf(PemBegin) >= 0 || !MayHoldCertificates(content.Span)) InterpretCertificates(path, content, isExplicit, options, sink);
            else InterpretContent(path, rented || length != buffer.Length ? content.ToArray() : buffer, isExplicit, options, sink);
        }
        finally
        {
            if (rented) FileReader.Return(buffer, length);
        }
    }

    private static ReadOnlySpan<byte> PemBegin => "-----BEGIN "u8;

    /// <summary>False when the first byte that is not white space is neither a DER SEQUENCE (0x30), printable ASCII (base64, YAML) nor a UTF-8 byte order mark.</summary>
    private static bool MayHoldCertificates(ReadOnlySpan<byte> content)
    {
        var start = content.IndexOfAnyExcept(" \t\r\n"u8);
        return start < 0 || content[start] is 0x30 or 0xEF or (>= 0x21 and < 0x7F);
    }

    public static void InterpretContent(string path, byte[] content, bool isExplicit, ScanOptions options, IInventorySink sink)
    {
        if (KubeconfigReader.LooksLikeKubeconfig(content))
        {
            var counting = new CountingSink(sink);
            KubeconfigReader.Read(path, content, options, counting);
            if (isExplicit && counting.Count == 0)
            {
                sink.Add(new SourceError(new FileSourceRef(path), ReasonCodes.NoCertificateFound,
                    "kubeconfig names no certificate (token, exec or insecure clusters only)"));
            }
            return;
        }
        InterpretCertificates(path, content, isExplicit, options, sink);
    }

    private static void InterpretCertificates(string path, ReadOnlyMemory<byte> content, bool isExplicit, ScanOptions options, IInventorySink sink)
    {
        var decoded = CertificateDecoder.Decode(content, options.Passphrases);
        foreach (var cert in decoded.Certificates)
        {
            sink.Add(new FoundCertificate(cert.Info, new FileSourceRef(path, cert.Index, cert.Format))
            {
                KeyMatches = decoded.KeyMatches(cert.Info),
            });
        }
        foreach (var problem in decoded.Problems)
        {
            sink.Add(new SourceError(new FileSourceRef(path), problem.Reason, problem.Message));
        }
        if (decoded.Certificates.Count > 0 || decoded.Problems.Count > 0) return;
        if (!isExplicit && !decoded.LooksLikeCertificateMaterial && !HasCertificateExtension(path)) return;
        if (!isExplicit && decoded.Keys.Count > 0 && decoded.Certificates.Count == 0) return; // a bare key file in a walk
        sink.Add(new SourceError(new FileSourceRef(path), ReasonCodes.NoCertificateFound, DescribeEmpty(decoded, content.Length)));
    }

    private static bool HasCertificateExtension(string path) =>
        CertificateExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static string DescribeEmpty(DecodeResult decoded, int length)
    {
        if (length == 0) return "file is empty";
        if (decoded.Keys.Count > 0) return "file holds only a private key, no certificate";
        if (decoded.OtherBlocks.Count > 0) return "no certificate; found only: " + string.Join(", ", decoded.OtherBlocks.Distinct());
        return "not a PEM, DER, PKCS#7 or PKCS#12 certificate";
    }
}
