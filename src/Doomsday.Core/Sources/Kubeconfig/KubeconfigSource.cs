using Doomsday.Core.Inventory;
using Doomsday.Core.Sources.Files;

namespace Doomsday.Core.Sources.Kubeconfig;

/// <summary>
/// Kubeconfig files as kubectl finds them: the explicit <c>--kubeconfig</c> files, else every file in
/// <c>$KUBECONFIG</c> (colon-separated; missing entries are skipped as kubectl skips them), else
/// <c>~/.kube/config</c>.
/// </summary>
public sealed class KubeconfigSource(IReadOnlyList<string> files, ScanOptions options) : ICertificateSource
{
    public SourceRef Origin { get; } = new FileSourceRef(string.Join(':', files));

    public static IReadOnlyList<string> Discover(IReadOnlyList<string> explicitFiles, string? kubeconfigEnv, string home)
    {
        if (explicitFiles.Count > 0) return explicitFiles;
        if (!string.IsNullOrEmpty(kubeconfigEnv))
        {
            return kubeconfigEnv.Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Where(File.Exists)
                .Distinct(StringComparer.Ordinal)
                .ToList();
        }
        var fallback = Path.Combine(home, ".kube", "config");
        return File.Exists(fallback) ? [fallback] : [];
    }

    public Task CollectAsync(IInventorySink sink, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.GetFullPath(file);
            if (!FileReader.TryRead(full, options.MaxFileSize, out var content, out var reason, out var message, options.ReadTimeout))
            {
                sink.Add(new SourceError(new FileSourceRef(full), reason!, message!));
                continue;
            }
            KubeconfigReader.Read(full, content, options, sink);
            (sink as IProgressSink)?.Progress();
        }
        return Task.CompletedTask;
    }
}
