using Doomsday.Core.Inventory;

namespace Doomsday.Cli.Commands.Demo;

/// <summary>
/// Runs a source that may still be a stub; a stub's <see cref="NotImplementedException"/> is
/// recorded in <see cref="Skipped"/> instead of ending the demo.
/// TODO(lead): delete with the guard in DemoCommand once EndpointSource is implemented.
/// </summary>
internal sealed class SkipIfNotImplemented(ICertificateSource inner) : ICertificateSource
{
    public bool Skipped { get; private set; }

    public async Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        try
        {
            await inner.CollectAsync(sink, cancellationToken);
        }
        catch (NotImplementedException)
        {
            Skipped = true;
        }
    }
}
