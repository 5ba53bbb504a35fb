namespace Doomsday.Core.Tests.Support;

/// <summary>Deterministic file contents for reader tests: a different byte at every position, shifted by a seed.</summary>
internal static class TestBytes
{
    public static byte[] Pattern(int length, int seed = 3) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + seed)).ToArray();
}
