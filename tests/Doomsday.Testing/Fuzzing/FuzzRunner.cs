using System.Collections.Concurrent;
using System.Text;
using Doomsday.Core.Certificates;
using Doomsday.Core.Configuration;
using Doomsday.Core.Inventory;
using Doomsday.Core.Reporting;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Sources.Kubeadm;
using Doomsday.Core.Sources.Kubeconfig;
using Doomsday.Watch.Configuration;

namespace Doomsday.Testing.Fuzzing;

/// <summary>
/// Feeds one input at a time to every parser of outside files, as scan, doctor and watch call them (a file's
/// content, a kubeconfig, a static pod manifest, the doctor's kubeconfig view, a watch config), and writes what
/// came out as JSON and Prometheus text. A finding is: an exception that escaped (a crash), no answer within the
/// per-input deadline (a hang: the input's worker is abandoned and a new one started), or an error whose reason
/// code is not a documented one. A stack overflow cannot be caught: it ends the process, which fails the run.
/// Inputs run on a thread with the default stack size, as the scan's workers do.
/// </summary>
internal sealed class FuzzRunner(TimeSpan perInputDeadline) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ScanOptions Options = new() { Passphrases = ["pw"], ReadTimeout = TimeSpan.FromSeconds(1) };

    private readonly BlockingCollection<Job> _jobs = [];
    private Thread _worker = null!;

    public sealed record Finding(string Kind, string Input, string Detail, byte[] Content);

    private sealed record Job(string Name, byte[] Content, ManualResetEventSlim Done)
    {
        public Exception? Failure { get; set; }
        public string? UnknownReason { get; set; }
    }

    public List<Finding> Findings { get; } = [];

    /// <summary>The five inputs that took longest, slowest first (what a longer run should look at).</summary>
    public List<(string Input, TimeSpan Took)> Slowest { get; } = [];
    public long Inputs { get; private set; }
    public long Bytes { get; private set; }

    public void Run(string name, byte[] content)
    {
        if (_worker is null || !_worker.IsAlive) StartWorker();
        using var done = new ManualResetEventSlim();
        var job = new Job(name, content, done);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _jobs.Add(job);
        Inputs++;
        Bytes += content.Length;
        var answered = done.Wait(perInputDeadline);
        Slowest.Add((name, System.Diagnostics.Stopwatch.GetElapsedTime(started)));
        Slowest.Sort((a, b) => b.Took.CompareTo(a.Took));
        if (Slowest.Count > 5) Slowest.RemoveAt(5);
        if (!answered)
        {
            Findings.Add(new Finding("hang", name, $"no answer within {perInputDeadline.TotalSeconds}s", content));
            StartWorker(); // the stuck one keeps its job; the next input gets a fresh thread
            return;
        }
        if (job.Failure is { } e) Findings.Add(new Finding("crash", name, e.ToString(), content));
        else if (job.UnknownReason is { } r) Findings.Add(new Finding("unknown reason code", name, r, content));
    }

    private void StartWorker()
    {
        _worker = new Thread(() =>
        {
            foreach (var job in _jobs.GetConsumingEnumerable())
            {
                try
                {
                    job.UnknownReason = Exercise(job.Content);
                }
                catch (Exception e)
                {
                    job.Failure = e;
                }
                job.Done.Set();
                if (!ReferenceEquals(Thread.CurrentThread, _worker)) return; // replaced after a hang
            }
        }) { IsBackground = true, Name = "fuzz worker" };
        _worker.Start();
    }

    /// <summary>Every parser on one input; the first reason or code that is not documented, else null.</summary>
    private static string? Exercise(byte[] content)
    {
        var sink = new CollectingSink();
        FileInterpreter.InterpretContent("/fuzz/input", content, isExplicit: true, Options, sink);
        KubeconfigReader.Read("/fuzz/kubeconfig", content, Options, sink);
        if (!StaticPodManifestReader.TryRead("/fuzz/manifest.yaml", content, out _, out var manifestError)) sink.Add(manifestError);
        KubeconfigDocument.TryParse("/fuzz/admin.conf", content, out _, out _);
        var config = WatchConfigLoader.Parse(Encoding.UTF8.GetString(content), "fuzz.yaml", "/fuzz", _ => null);

        using (var json = new JsonReportWriter(Stream.Null, Thresholds.Default, Now, indented: false))
        {
            foreach (var c in sink.Certificates) json.Add(c);
            foreach (var e in sink.Errors) json.Add(e);
            json.Complete(0);
        }
        PrometheusReportWriter.Write(Stream.Null, sink, Thresholds.Default, Now);

        if (sink.Errors.FirstOrDefault(e => !ReasonCodes.All.Contains(e.Reason)) is { } unknown) return $"reason '{unknown.Reason}': {unknown.Message}";
        if (config.Errors.FirstOrDefault(e => !ConfigErrorCodes.All.Contains(e.Code)) is { } bad) return $"config code '{bad.Code}': {bad.Message}";
        return null;
    }

    public void Dispose() => _jobs.CompleteAdding();
}
