using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Markdig;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Site;

/// <summary>
/// The offline course site: every executed notebook of a run as one self-contained HTML page (its Markdown, its code,
/// every output as the notebook shows it: charts with their inline plotly.js, PNG and GIF pictures, audio players)
/// and an index with the README's table of lessons, each lesson's status, wall time and headline metric. Nothing on
/// a page is fetched from the network: a lab without internet, a USB stick or an instructor's link all work.
/// </summary>
public static partial class SiteWriter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>
    /// Writes <c>index.html</c> and one page per notebook of <paramref name="summary"/> whose executed copy exists into
    /// <paramref name="siteDir"/>; returns the index's path. Executed copies are found by their
    /// <see cref="NotebookResult.Output"/> path (relative to the repository root, or absolute).
    /// </summary>
    public static string Write(RunSummary summary, string siteDir)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Directory.CreateDirectory(siteDir);
        var sections = ReadmeSections();
        var rows = new List<string>();
        foreach (var result in summary.Notebooks)
        {
            var name = Path.GetFileNameWithoutExtension(result.Notebook);
            var executed = result.Output is null ? null : Path.IsPathRooted(result.Output) ? result.Output : Path.Combine(RepoPaths.Root, result.Output);
            string? page = null;
            var title = name;
            if (executed is not null && File.Exists(executed))
            {
                var notebook = NotebookFile.Load(executed);
                title = Title(notebook) ?? name;
                page = name + ".html";
                File.WriteAllText(Path.Combine(siteDir, page), Page(notebook, title, result));
            }
            rows.Add(IndexRow(name, title, page, result, sections.GetValueOrDefault(name)));
        }
        var index = Path.Combine(siteDir, "index.html");
        File.WriteAllText(index, Document("MultiModal — the course, executed", $"""
            <h1>MultiModal — captioning and speaking, in C#</h1>
            <p>Every lesson of the course as it ran on {WebUtility.HtmlEncode(summary.Started.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))}
            (profile <b>{WebUtility.HtmlEncode(summary.Profile)}</b>, {summary.WallSeconds:F0} s in all), with its pictures, charts and sounds.
            The pages work offline. To run a lesson yourself: <code>dotnet run --project lib/MultiModal.Course -- run notebooks/NN_topic.ipynb</code>,
            or open it in Jupyter or VS Code.</p>
            <table class="index"><thead><tr><th>lesson</th><th>lecture section</th><th>status</th><th>wall time</th><th>headline</th></tr></thead>
            <tbody>{string.Join("\n", rows)}</tbody></table>
            """));
        return index;
    }

    private static string IndexRow(string name, string title, string? page, NotebookResult r, string? section)
    {
        var link = page is null ? WebUtility.HtmlEncode(title) : $"<a href=\"{page}\">{WebUtility.HtmlEncode(title)}</a>";
        var met = r.Targets.Count(t => t.Met);
        var headline = r.Targets.FirstOrDefault() is { } t
            ? $"{WebUtility.HtmlEncode(t.Name)} = {t.Value.ToString("G4", CultureInfo.InvariantCulture)} ({WebUtility.HtmlEncode(Bounds(t))}); targets {met}/{r.Targets.Count} met"
            : r.Metrics.FirstOrDefault() is { Key: not null } m ? $"{WebUtility.HtmlEncode(m.Key)} = {m.Value.ToString("G4", CultureInfo.InvariantCulture)}" : "";
        var status = r.Status.Word();
        return $"<tr><td><code>{WebUtility.HtmlEncode(name)}</code><br>{link}</td><td>{WebUtility.HtmlEncode(section ?? "")}</td>" +
               $"<td class=\"status {status}\">{status}{(r.Error is null || r.Status == NotebookStatus.Passed ? "" : "<br><small>" + WebUtility.HtmlEncode(r.Error.Split('\n')[0]) + "</small>")}</td>" +
               $"<td>{r.WallSeconds:F0} s</td><td>{headline}</td></tr>";
    }

    private static string Bounds(MetricTarget t) => $"target {t.BoundText()}: {(t.Met ? "met" : "MISSED")}";

    /// <summary>One notebook as a page.</summary>
    public static string Page(NotebookFile notebook, string title, NotebookResult? result = null)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var body = new StringBuilder();
        body.Append("<nav><a href=\"index.html\">← all lessons</a>");
        if (result is not null)
            body.Append(CultureInfo.InvariantCulture, $" · <span class=\"status {result.Status.Word()}\">{result.Status.Word()}</span> in {result.WallSeconds:F0} s");
        body.Append("</nav>\n");
        foreach (var cell in notebook.Cells)
        {
            if (cell.Kind == "markdown")
            {
                body.Append("<section class=\"md\">").Append(MarkdownToHtml(cell.Source)).Append("</section>\n");
                continue;
            }
            if (!cell.IsCode) continue;
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"cell\"><div class=\"prompt\">[{cell.ExecutionCount?.ToString(CultureInfo.InvariantCulture) ?? " "}]</div><pre class=\"code\"><code>{WebUtility.HtmlEncode(cell.Source)}</code></pre></div>\n");
            foreach (var output in cell.Outputs) body.Append("<div class=\"output\">").Append(Output(output)).Append("</div>\n");
        }
        return Document(title, body.ToString());
    }

    /// <summary>Markdown as HTML, with <c>$…$</c> and <c>$$…$$</c> formulas typeset by <see cref="TexText"/>.</summary>
    public static string MarkdownToHtml(string markdown)
    {
        var html = Markdig.Markdown.ToHtml(markdown, Markdown);
        html = InlineMath().Replace(html, m => $"<span class=\"math\">{TexText.ToHtml(m.Groups[1].Value)}</span>");
        return BlockMath().Replace(html, m => $"<div class=\"math\">{TexText.ToHtml(m.Groups[1].Value)}</div>");
    }

    private static string Output(JsonObject output)
    {
        var type = (string?)output["output_type"];
        if (type == "stream")
            return $"<pre class=\"{((string?)output["name"] == "stderr" ? "stderr" : "stdout")}\">{WebUtility.HtmlEncode(NotebookFile.MultilineText(output["text"]))}</pre>";
        if (type == "error")
            return $"<pre class=\"error\">{WebUtility.HtmlEncode($"{output["ename"]}: {output["evalue"]}")}</pre>";
        if (output["data"] is not JsonObject data) return "";
        if (data["text/html"] is { } html) return NotebookFile.MultilineText(html);
        if (data["image/png"] is { } png) return $"<img alt=\"output\" src=\"data:image/png;base64,{NotebookFile.MultilineText(png).Replace("\n", "", StringComparison.Ordinal)}\">";
        if (data["image/svg+xml"] is { } svg) return NotebookFile.MultilineText(svg);
        return data["text/plain"] is { } plain ? $"<pre>{WebUtility.HtmlEncode(NotebookFile.MultilineText(plain))}</pre>" : "";
    }

    private static string? Title(NotebookFile notebook)
    {
        var heading = notebook.Cells.Where(c => c.Kind == "markdown").Select(c => c.Source.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))).FirstOrDefault(h => h is not null);
        return heading?[2..].Trim();
    }

    // The "lecture section" column of README.md's table of notebooks: | `04_show_and_tell` | §2.2.1 … | pattern | status |
    private static Dictionary<string, string> ReadmeSections()
    {
        var readme = Path.Combine(RepoPaths.Root, "README.md");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(readme)) return map;
        foreach (Match m in ReadmeRow().Matches(File.ReadAllText(readme))) map[m.Groups[1].Value] = m.Groups[2].Value.Trim();
        return map;
    }

    private static string Document(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <style>
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; max-width: 1000px; margin: 0 auto; padding: 16px 24px 64px; }
        nav { font-size: 13px; margin-bottom: 12px; }
        h1, h2, h3 { line-height: 1.25; } h1 { font-size: 28px; } h2 { font-size: 22px; margin-top: 32px; border-bottom: 1px solid #ddd; }
        table { border-collapse: collapse; } td, th { padding: 3px 10px; vertical-align: top; }
        .md table td, .md table th, table.index td, table.index th { border-bottom: 1px solid #e3e3e3; text-align: left; }
        code { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
        .cell { display: flex; gap: 8px; margin: 10px 0 4px; } .prompt { color: #888; font: 12px ui-monospace, monospace; min-width: 36px; padding-top: 8px; }
        pre.code { flex: 1; background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 4px; padding: 8px 10px; margin: 0; overflow-x: auto; }
        .output { margin: 2px 0 2px 44px; overflow-x: auto; } .output pre { margin: 2px 0; white-space: pre-wrap; font: 12.5px/1.4 ui-monospace, monospace; }
        pre.stderr { background: #fdecec; padding: 4px 8px; } pre.error { background: #fdecec; color: #a00; padding: 4px 8px; }
        .math { font-family: "Cambria Math", "STIX Two Math", "DejaVu Serif", serif; white-space: nowrap; } div.math { text-align: center; margin: 8px 0; }
        .status.passed { color: #1a7f37; font-weight: 600; } .status.failed, .status.timeout, .status.error { color: #b00; font-weight: 600; }
        img { max-width: 100%; }
        </style></head>
        <body>
        {{body}}
        </body></html>
        """;

    [GeneratedRegex(@"<span class=""math"">\\\((.*?)\\\)</span>", RegexOptions.Singleline)]
    private static partial Regex InlineMath();

    [GeneratedRegex(@"<div class=""math"">\s*\\\[(.*?)\\\]\s*</div>", RegexOptions.Singleline)]
    private static partial Regex BlockMath();

    [GeneratedRegex(@"^\| `(\d\d_[a-z0-9_]+)` \| ([^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
