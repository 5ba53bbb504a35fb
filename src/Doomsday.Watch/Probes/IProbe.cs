namespace Doomsday.Watch.Probes;

/// <summary>
/// One check of one target. Never throws for a failing target: a refused connection, a timeout or
/// a wrong answer is a <see cref="ProbeResult"/> with a reason code. The caller enforces the timeout
/// through <paramref name="cancellationToken"/> as well, so a probe must honour it.
/// </summary>
public interface IProbe
{
    ProbeOptions Options { get; }

    Task<ProbeResult> RunAsync(CancellationToken cancellationToken);
}
