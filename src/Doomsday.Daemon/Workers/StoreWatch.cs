namespace Doomsday.Daemon.Workers;

/// <summary>Placeholder: the store file's identity check (filled in below).</summary>
internal sealed class StoreWatch
{
    /// <summary>The <c>/healthz</c> component and <c>DoomsdayDegraded</c> label of the store file's problems.</summary>
    public const string Component = "store";
}
