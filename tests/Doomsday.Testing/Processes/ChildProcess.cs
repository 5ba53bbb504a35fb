using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Doomsday.Testing.Processes;

/// <summary>A server process started by a test: stderr captured for diagnostics, stopped by its PID.</summary>
internal sealed class ChildProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly StringBuilder _stderr = new();

    public Process Process { get; }
    public int Pid => Process.Id;
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public ChildProcess(string fileName, IEnumerable<string> arguments, bool keepStdinOpen = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = keepStdinOpen,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        Process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        Process.OutputDataReceived += (_, _) => { };
        Process.BeginErrorReadLine();
        Process.BeginOutputReadLine();
    }

    /// <summary>SIGTERM to our PID (nginx's master then stops its workers), SIGKILL to the tree if it lingers.</summary>
    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                _ = Kill(Process.Id, SigTerm);
                if (!Process.WaitForExit(TimeSpan.FromSeconds(10))) Process.Kill(entireProcessTree: true);
            }
            Process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        Process.Dispose();
    }

    public static string Find(string name, params string[] candidates)
    {
        foreach (var c in candidates) if (File.Exists(c)) return c;
        return name;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
