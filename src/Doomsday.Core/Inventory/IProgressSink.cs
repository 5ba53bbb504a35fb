namespace Doomsday.Core.Inventory;

/// <summary>
/// A sink that also wants to know when a source moved on without finding anything (a batch of files read and
/// skipped): <see cref="Scanner"/> tells a slow source from a stuck one by it. Sources call
/// <see cref="Progress"/> when their sink implements this, from the thread that feeds the sink.
/// </summary>
public interface IProgressSink
{
    void Progress();
}
