using Microsoft.Playwright;

namespace Doomsday.Daemon.Tests.Support;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by scripts/install-test-deps) driven by Playwright
/// over its own driver; Playwright's browser download is never used. Headless, sandbox off (tests run as
/// root), no background network, a fresh profile per browser. Screenshots go to <c>.artifacts/web/</c> of the
/// repository (not committed).
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public static readonly (int Width, int Height)[] Sizes = [(1280, 800), (390, 844)];

    private readonly IPlaywright _playwright;
    private readonly TempDir _profile;

    public IBrowserContext Context { get; }

    private Browser(IPlaywright playwright, IBrowserContext context, TempDir profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public static async Task<Browser> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run scripts/install-test-deps");
        var playwright = await Playwright.CreateAsync();
        var profile = new TempDir();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.Path, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Timeout = 60_000,
        });
        context.SetDefaultTimeout(30_000);
        return new Browser(playwright, context, profile);
    }

    public static string ArtifactPath(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(CorpusLocator.RepositoryRoot, ".artifacts", "web")).FullName;
        return Path.Combine(dir, name);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        _playwright.Dispose();
        _profile.Dispose();
    }
}
