using Microsoft.Data.Sqlite;

namespace Doomsday.Testing.Store;

/// <summary>
/// Makes SQLite itself refuse writes to tables of a store database (a real failure, not a mock): triggers
/// that RAISE(ABORT, 'refused by test'), created through a separate connection. <see cref="Allow"/> drops them.
/// </summary>
internal static class StoreRefusal
{
    public const string Message = "refused by test";

    /// <param name="operations">Any of INSERT, UPDATE, DELETE.</param>
    public static void Refuse(string databasePath, string table, params string[] operations) =>
        Execute(databasePath, string.Concat((operations.Length == 0 ? ["INSERT"] : operations).Select(op =>
            $"CREATE TRIGGER {Name(table, op)} BEFORE {op} ON {table} BEGIN SELECT RAISE(ABORT, '{Message}'); END;")));

    public static void Allow(string databasePath, string table, params string[] operations) =>
        Execute(databasePath, string.Concat((operations.Length == 0 ? ["INSERT"] : operations).Select(op => $"DROP TRIGGER {Name(table, op)};")));

    private static string Name(string table, string operation) => $"refuse_{operation.ToLowerInvariant()}_{table}";

    private static void Execute(string databasePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
