using System.Diagnostics;

namespace Doomsday.Testing.Tools;

/// <summary>Runs the real openssl binary (installed by scripts/install-test-deps) and returns its stdout.</summary>
internal static class Openssl
{
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"openssl {string.Join(' ', args)} failed: {stderr}");
        return stdout.Result;
    }

    /// <summary>The value of one "name=value" line of openssl's output (e.g. <c>serial</c>).</summary>
    public static string Field(string output, string name) =>
        output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];
}
