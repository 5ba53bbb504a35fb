using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Doomsday.Core.Tests.Support;

/// <summary>An independent TLS client: <c>openssl s_client -showcerts</c>, for cross-checking what a server presents.</summary>
internal static partial class OpensslClient
{
    /// <summary>SHA-256 fingerprints (lowercase hex) of the certificates the server sent, in its order.</summary>
    public static IReadOnlyList<string> PresentedFingerprints(int port, string? serverName = null)
    {
        var info = new ProcessStartInfo(ChildProcess.Find("openssl", "/usr/bin/openssl"))
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "s_client", "-connect", $"127.0.0.1:{port}", "-showcerts" }) info.ArgumentList.Add(a);
        if (serverName is not null)
        {
            info.ArgumentList.Add("-servername");
            info.ArgumentList.Add(serverName);
        }
        using var process = Process.Start(info)!;
        process.StandardInput.Close(); // </dev/null: s_client ends after the handshake
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30))) process.Kill();
        _ = stderr.Result;
        return PemBlock().Matches(stdout)
            .Select(m => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(m.Groups[1].Value))))
            .ToList();
    }

    [GeneratedRegex("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", RegexOptions.Singleline)]
    private static partial Regex PemBlock();
}
