using System.Diagnostics;

namespace Doomsday.Core.Tests.Support;

/// <summary>
/// Runs a runbook command with bash, as a person would paste it on the node, against a generated tree:
/// <c>/etc/kubernetes</c> becomes the tree's root and <c>sudo</c> is dropped (the test owns the files).
/// Only for commands that read; nothing here restarts anything.
/// </summary>
internal static class RunbookShell
{
    public static (int ExitCode, string Output) Run(string command, string treeRoot)
    {
        var adapted = command.Replace("sudo ", "", StringComparison.Ordinal).Replace("/etc/kubernetes", treeRoot, StringComparison.Ordinal);
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(adapted);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start bash");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
