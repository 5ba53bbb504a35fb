using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;
using Doomsday.Core.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Doomsday.Core.Tests.Inventory;

/// <summary>
/// The per-source watchdog. Nothing on this machine makes open(2) hang the way a dead NFS server does, so a
/// source that blocks on an event stands for it (the real reader is non-blocking for FIFOs and devices: see
/// FileReaderTests). Time is a FakeTimeProvider moved by the test.
/// </summary>
public sealed class ScannerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Reports one certificate, signals it has started, then blocks until released (or forever).</summary>
    private sealed class StuckSource(string name) : ICertificateSource
    {
        public ManualResetEventSlim Started { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public SourceRef Origin { get; } = new FileSourceRef("/mnt/nfs/" + name);

        public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
        {
            sink.Add(TestCertificates.Expiring(name, DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1)));
            Started.Set();
            Release.Wait(); // ignores cancellation, as a thread in a system call does
            sink.Add(TestCertificates.Expiring(name + "-late", DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1)));
            return Task.CompletedTask;
        }
    }

    private sealed class QuickSource(string name) : ICertificateSource
    {
        public SourceRef Origin { get; } = new FileSourceRef("/etc/" + name);

        public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
        {
            sink.Add(TestCertificates.Expiring(name, DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1)));
            return Task.CompletedTask;
        }
    }

    /// <summary>Moves the fake clock a step at a time until the run ends (the watchdog re-arms after each look).</summary>
    private static async Task DriveAsync(Task run, FakeTimeProvider time, TimeSpan step)
    {
        await Eventually.UntilAsync(() =>
        {
            if (!run.IsCompleted) time.Advance(step);
            return run.IsCompleted;
        }, Deadline, "the scan to end");
        await run;
    }

    [Fact]
    public async Task RunAsync_SourceStuckInACall_AbandonedWithOneTimeoutErrorAndTheNextSourceRuns()
    {
        var time = new FakeTimeProvider();
        var stuck = new StuckSource("stuck");
        var sink = new OrderedSink();

        var run = Scanner.RunAsync([stuck, new QuickSource("after")], sink, Limit, time, CancellationToken.None);
        Assert.True(stuck.Started.Wait(Deadline));
        await DriveAsync(run, time, TimeSpan.FromSeconds(30));
        stuck.Release.Set(); // the stuck call returns at last: what it reports now is dropped

        Assert.Equal(["stuck", "after"], sink.Certificates.Select(c => c.Certificate.SubjectCommonName));
        var error = Assert.Single(sink.Errors);
        Assert.Equal((ReasonCodes.Timeout, "/mnt/nfs/stuck"), (error.Reason, ((FileSourceRef)error.Source).Path));
        Assert.StartsWith("no progress for 2m: abandoned", error.Message);
        Assert.IsType<FoundCertificate>(sink.Items[0]);
        Assert.IsType<SourceError>(sink.Items[1]);
    }

    [Fact]
    public async Task RunAsync_SourceThatKeepsMakingProgress_NotAbandonedHoweverLongItRuns()
    {
        var time = new FakeTimeProvider();
        var sink = new OrderedSink();
        var steps = 0;
        var slow = new ProgressingSource(() =>
        {
            time.Advance(TimeSpan.FromMinutes(1)); // a minute per file, ten minutes in all
            return ++steps < 10;
        });

        await Scanner.RunAsync([slow], sink, Limit, time, CancellationToken.None).WaitAsync(Deadline);

        Assert.Empty(sink.Errors);
        Assert.Equal(10, steps);
    }

    private sealed class ProgressingSource(Func<bool> next) : ICertificateSource
    {
        public SourceRef Origin { get; } = new FileSourceRef("/srv");

        public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
        {
            while (next()) (sink as IProgressSink)!.Progress();
            return Task.CompletedTask;
        }
    }

    /// <summary>A daemon's shutdown cancels the inventory: the run ends at once, the stuck thread is left behind.</summary>
    [Fact]
    public async Task RunAsync_CancelledWhileASourceIsStuck_ReturnsAtOnce()
    {
        var stuck = new StuckSource("stuck");
        using var shutdown = new CancellationTokenSource();

        var run = Scanner.RunAsync([stuck], new OrderedSink(), null, TimeProvider.System, shutdown.Token);
        Assert.True(stuck.Started.Wait(Deadline));
        await shutdown.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
        stuck.Release.Set();
    }

    [Fact]
    public async Task RunAsync_SourceFails_TheFailureSurfacesAsBefore()
    {
        var failing = new FailingSource();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Scanner.RunAsync([failing], new OrderedSink(), Limit, TimeProvider.System, CancellationToken.None).WaitAsync(Deadline));

        Assert.Equal("bug", e.Message);
    }

    private sealed class FailingSource : ICertificateSource
    {
        public SourceRef Origin { get; } = new FileSourceRef("/x");
        public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken) => throw new InvalidOperationException("bug");
    }
}
