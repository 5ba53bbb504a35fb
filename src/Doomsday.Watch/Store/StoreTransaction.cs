using Microsoft.Data.Sqlite;

namespace Doomsday.Watch.Store;

/// <summary>
/// One write transaction over several tables (begun IMMEDIATE: the write lock is taken up front, waiting
/// up to the store's busy timeout, so it cannot fail half-way on a lock upgrade). Pass it to the tables'
/// write methods; nothing is visible to readers until <see cref="Commit"/>, and disposing without
/// committing rolls everything back.
/// </summary>
public sealed class StoreTransaction : IDisposable
{
    internal SqliteConnection Connection { get; }
    internal SqliteTransaction Transaction { get; }

    internal StoreTransaction(SqliteConnection connection)
    {
        Connection = connection;
        try
        {
            Transaction = connection.BeginTransaction(deferred: false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Commit() => Transaction.Commit();

    internal SqliteCommand CreateCommand()
    {
        var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        return cmd;
    }

    public void Dispose()
    {
        Transaction.Dispose();
        Connection.Dispose();
    }
}
