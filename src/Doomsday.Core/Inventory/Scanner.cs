namespace Doomsday.Core.Inventory;

/// <summary>Runs sources one after another into one sink. Sources never throw for bad input.</summary>
public static class Scanner
{
    public static async Task RunAsync(IEnumerable<ICertificateSource> sources, IInventorySink sink, CancellationToken cancellationToken)
    {
        foreach (var source in sources)
        {
            await source.CollectAsync(sink, cancellationToken).ConfigureAwait(false);
        }
    }
}
