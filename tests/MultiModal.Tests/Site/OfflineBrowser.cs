using System.Diagnostics;
using Microsoft.Playwright;

namespace MultiModal.Tests.Site;

/// <summary>
/// Opens pages of the offline site in Debian's headless Chromium, driven by Playwright through its executable path
/// (Playwright cannot download browsers here), <b>with networking disabled</b>, and lists what a reader would see
/// broken: a chart that did not draw its SVG, an image that did not decode, an audio element that cannot play, an
/// error in the console, any request that tried to leave the page.
/// Set-up (documented in README): Chromium comes from <c>apt-get install chromium</c>; when it is missing and the
/// tests run as root with apt-get available, the first use installs it.
/// </summary>
internal static class OfflineBrowser
{
    private static readonly Lazy<string> Executable = new(FindOrInstallChromium);
    private static readonly SemaphoreSlim OnePage = new(1, 1);

    /// <summary>Where Chromium is (installing it first if needed); throws with the command to run when it cannot be had.</summary>
    public static string Chromium => Executable.Value;

    /// <summary>What a page showed: its problems (one line each; none when everything drew and plays) and how many charts, images and audio players it has.</summary>
    public sealed record Report(IReadOnlyList<string> Problems, int Charts, int Images, int Audio);

    /// <summary>Opens the page at <paramref name="file"/> offline and checks every chart, image and audio player on it.</summary>
    public static async Task<Report> CheckAsync(string file)
    {
        await OnePage.WaitAsync();
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { Offline = true, ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
            var problems = new List<string>();
            await context.RouteAsync("**/*", async route =>
            {
                var url = route.Request.Url;
                if (url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal))
                    await route.ContinueAsync();
                else
                {
                    lock (problems) problems.Add($"the page asked the network for {url}");
                    await route.AbortAsync();
                }
            });
            var page = await context.NewPageAsync();
            page.Console += (_, m) => { if (m.Type == "error") lock (problems) problems.Add($"console error: {m.Text}"); };
            page.PageError += (_, e) => { lock (problems) problems.Add($"script error: {e}"); };
            await page.GotoAsync(new Uri(Path.GetFullPath(file)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 });
            try
            {
                await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.mm-chart')].every(e => e.querySelector('svg.main-svg'))",
                    null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 200 });
            }
            catch (TimeoutException)
            {
                // Reported below, chart by chart.
            }
            var blank = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.mm-chart')].filter(e => !e.querySelector('svg.main-svg')).map(e => e.textContent.slice(0, 120))");
            problems.AddRange(blank.Select(t => $"a chart did not draw: {t}"));
            var images = await page.EvaluateAsync<string[]>("() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => (i.alt || '') + ' ' + i.src.slice(0, 60))");
            problems.AddRange(images.Select(i => $"an image did not decode: {i}"));
            var audio = await page.EvaluateAsync<string[]>("""
                async () => {
                  const bad = [];
                  for (const a of document.querySelectorAll('audio')) {
                    // The players say preload="none" (a page with 17 clips stays light): load each as pressing play would.
                    if (a.readyState < 1) await new Promise(r => { a.addEventListener('loadedmetadata', r, { once: true }); a.addEventListener('error', r, { once: true }); setTimeout(r, 5000); a.preload = 'metadata'; a.load(); });
                    if (a.error || !(a.duration > 0)) bad.push((a.error ? 'error ' + a.error.code : 'no duration') + ' ' + (a.currentSrc || a.src || '').slice(0, 40));
                  }
                  return bad;
                }
                """);
            problems.AddRange(audio.Select(a => $"an audio element cannot play: {a}"));
            var counts = await page.EvaluateAsync<int[]>("() => [document.querySelectorAll('.mm-chart').length, document.images.length, document.querySelectorAll('audio').length]");
            lock (problems) return new Report(problems.ToList(), counts[0], counts[1], counts[2]);
        }
        finally
        {
            OnePage.Release();
        }
    }

    private static string FindOrInstallChromium()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("MULTIMODAL_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        if (File.Exists("/usr/bin/apt-get") && Environment.UserName == "root")
        {
            Run("apt-get", "update");
            Run("apt-get", "install", "-y", "--no-install-recommends", "chromium");
            if (File.Exists("/usr/bin/chromium")) return "/usr/bin/chromium";
        }
        throw new InvalidOperationException("The site tests need Chromium: install it with 'sudo apt-get install chromium' (Debian/Ubuntu), " +
                                            "or point MULTIMODAL_CHROMIUM at a Chromium or Chrome executable.");
    }

    internal static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}):\n{stderr.Result}\n{stdout.Result}");
    }
}
