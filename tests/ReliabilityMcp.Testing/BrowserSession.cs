using Microsoft.Playwright;

namespace ReliabilityMcp.Testing;

/// <summary>Headless Debian Chromium driven by Playwright (its own browser download does not work here).</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>Console messages and page errors seen so far (a failing script must fail the test, not hide).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Starts Chromium (installing it first if needed) with one page.</summary>
    public static async Task<BrowserSession> StartAsync(CancellationToken cancellationToken)
    {
        var executable = await Chromium.EnsureInstalledAsync(cancellationToken);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = [.. Chromium.Arguments],
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var session = new BrowserSession(playwright, browser, page);
        page.PageError += (_, error) => session.Errors.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 40", StringComparison.Ordinal))
            {
                session.Errors.Add($"console: {message.Text}");
            }
        };
        return session;
    }

    /// <summary>Opens the console and logs in with <paramref name="token"/>.</summary>
    public async Task LogInAsync(Uri server, string token)
    {
        await Page.GotoAsync(new Uri(server, "console/").ToString());
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("#login-form button[type=submit]");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
