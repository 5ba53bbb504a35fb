namespace Doomsday.Watch.Store;

/// <summary>The store cannot be used (unreadable file, schema from a newer version). The message is safe to show.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
