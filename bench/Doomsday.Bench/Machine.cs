namespace Doomsday.Bench;

/// <summary>Prints what the figures were measured on.</summary>
internal static class Machine
{
    public static void Print()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var mem = ReadFirst("/proc/meminfo", "MemTotal") ?? "?";
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {cpu}, MemTotal {mem}, .NET {Environment.Version}, load {load}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }

    private static string? ReadFirst(string file, string key)
    {
        if (!File.Exists(file)) return null;
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith(key, StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        return null;
    }
}
