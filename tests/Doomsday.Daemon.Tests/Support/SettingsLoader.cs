using Doomsday.Daemon.Configuration;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>A loader that hands the host settings built in the test (the YAML reader has its own tests); <see cref="Next"/> changes what a reload sees.</summary>
internal sealed class SettingsLoader(DaemonSettings settings) : IDaemonConfigLoader
{
    public DaemonConfigLoad Next { get; set; } = DaemonConfigLoad.Valid(settings);

    public int Loads { get; private set; }

    public DaemonConfigLoad Load(string path)
    {
        Loads++;
        return Next;
    }
}
