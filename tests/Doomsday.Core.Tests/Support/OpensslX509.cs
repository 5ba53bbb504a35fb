using System.Diagnostics;
using System.Globalization;

namespace Doomsday.Core.Tests.Support;

/// <summary>What <c>openssl x509 -noout -subject -nameopt RFC2253 -serial -startdate -enddate</c> prints for one certificate file.</summary>
internal sealed record OpensslX509(string Subject, string Serial, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public static OpensslX509 Read(string certificateFile)
    {
        var psi = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "x509", "-in", certificateFile, "-noout", "-subject", "-nameopt", "RFC2253", "-serial", "-startdate", "-enddate" })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start openssl");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"openssl x509 failed on {certificateFile}: {stderr.Result}");
        var fields = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
        return new OpensslX509(fields["subject"], fields["serial"], Date(fields["notBefore"]), Date(fields["notAfter"]));
    }

    /// <summary>openssl's <c>Feb  4 07:49:33 2024 GMT</c>.</summary>
    private static DateTimeOffset Date(string text)
    {
        var squeezed = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return DateTimeOffset.ParseExact(squeezed, "MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
