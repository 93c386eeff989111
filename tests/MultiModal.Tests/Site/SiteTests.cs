using MultiModal.CourseTool.Site;
using Xunit;

namespace MultiModal.Tests.Site;

/// <summary>The offline course site: formulas without MathJax, pages and index from a run, opened offline in Chromium.</summary>
public class SiteTests
{
    [Theory]
    [InlineData(@"s_t = \mathrm{softmax}(e_t)", "<i>s</i><sub><i>t</i></sub> = softmax(<i>e</i><sub><i>t</i></sub>)")]
    [InlineData(@"\beta_t = \sigma(f_\beta(h_{t-1}))", "β<sub><i>t</i></sub> = σ(<i>f</i><sub>β</sub>(<i>h</i><sub><i>t</i>-1</sub>))")]
    [InlineData(@"AC = \sum_{i \in R} \hat\alpha_i", "<i>A</i><i>C</i> = ∑<sub><i>i</i> ∈ <i>R</i></sub> α\u0302<sub><i>i</i></sub>")]
    [InlineData(@"(x, y) \in [-1, 1]^2", "(<i>x</i>, <i>y</i>) ∈ [-1, 1]<sup>2</sup>")]
    [InlineData(@"\frac{a}{b} \le \sqrt{c} \unknowncommand", "(<i>a</i>)/(<i>b</i>) ≤ √(<i>c</i>) unknowncommand")]
    [InlineData(@"x &lt; y", "<i>x</i> &lt; <i>y</i>")]
    public void Formulas_are_typeset_as_html_text(string tex, string html) => Assert.Equal(html, TexText.ToHtml(tex));

    [Fact]
    public void Markdown_keeps_formulas_whole_and_makes_tables()
    {
        var html = SiteWriter.MarkdownToHtml("The score $e_{t,i} = w^\\top a_i$ of cell *i*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        Assert.Contains("<span class=\"math\"><i>e</i><sub><i>t</i>,<i>i</i></sub> = <i>w</i><sup>⊤</sup> <i>a</i><sub><i>i</i></sub></span>", html);
        Assert.Contains("<em>i</em>", html);
        Assert.Contains("<td>2</td>", html);
    }

    [Fact]
    public async Task A_run_writes_a_site_whose_charts_draw_offline_and_whose_index_links_every_page()
    {
        var r = CourseToolProcess.Run(TimeSpan.FromMinutes(3), "run", Repo.Path("tests", "MultiModal.Tests", "Runner", "Fixtures", "chart_loader_kept.ipynb"),
            Repo.Path("tests", "MultiModal.Tests", "Runner", "Fixtures", "passing.ipynb"));
        var index = Path.Combine(r.OutDir, "site", "index.html");
        Assert.True(File.Exists(index), r.Output);
        var indexHtml = File.ReadAllText(index);
        Assert.Contains("<a href=\"chart_loader_kept.html\">", indexHtml);
        Assert.Contains("<a href=\"passing.html\">", indexHtml);
        Assert.Contains("class=\"status failed\"", indexHtml);  // the chart shown twice fails that fixture, and the index says so
        var report = await OfflineBrowser.CheckAsync(Path.Combine(r.OutDir, "site", "chart_loader_kept.html"));
        Assert.Empty(report.Problems);
        Assert.Equal(4, report.Charts);                          // the live chart (updated once), a second one, and one shown twice
    }

    [Fact]
    public async Task The_browser_check_sees_a_chart_that_cannot_draw_and_a_broken_image()
    {
        var dir = Directory.CreateTempSubdirectory("mm-site-").FullName;
        var file = Path.Combine(dir, "broken.html");
        // A chart without plotly.js on the page (the saved-notebook bug) and an image that is not a PNG.
        MultiModal.Display.Charts.Loader();                       // marks plotly.js as sent: the chart's HTML comes without it
        var chart = MultiModal.Display.Charts.ToHtml(MultiModal.Display.Plot.Line([0.0, 1], [1.0, 2], "a", "t"));
        MultiModal.Display.Charts.ResetSession();
        File.WriteAllText(file, $"<html><body>{chart}<img alt=\"broken\" src=\"data:image/png;base64,AAAA\"></body></html>");
        var report = await OfflineBrowser.CheckAsync(file);
        Assert.Contains(report.Problems, p => p.StartsWith("a chart did not draw: Chart “t”", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("an image did not decode: broken", StringComparison.Ordinal));
    }
}
