using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>
/// What a reader of the <b>saved</b> executed notebook would see wrong, though every cell ran: checked by the runner
/// after a run, so a notebook that only works live fails. A chart whose plotly.js is in no earlier output (it waits
/// forever in a saved copy, an HTML export or on GitHub: the bug of the live loss chart whose updates replaced the
/// output that carried plotly.js); two copies of one chart in a cell; compiler warnings shown under a cell.
/// </summary>
public static partial class SavedCopyCheck
{
    /// <summary>The marker the library's plotly.js loader carries (<c>Charts.Loader</c>).</summary>
    public const string LoaderMarker = "data-mm-plotly=";

    private const string ChartMarker = "class=\"mm-chart\"";

    /// <summary>One line per problem, naming the cell; empty when the saved copy shows what the live run showed.</summary>
    public static IReadOnlyList<string> Problems(NotebookFile notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var problems = new List<string>();
        var loaderSeen = false;
        foreach (var cell in notebook.CodeCells)
        {
            var charts = new List<string>();
            foreach (var output in cell.Outputs)
            {
                var html = NotebookFile.MultilineText(output["data"]?["text/html"]);
                if (html.Contains(LoaderMarker, StringComparison.Ordinal)) loaderSeen = true;
                if (html.Contains(ChartMarker, StringComparison.Ordinal))
                {
                    if (!loaderSeen)
                        problems.Add($"cell {cell.Number}: a chart with no plotly.js in this or any earlier output: it stays blank in the saved notebook " +
                                     "(show Course.Setup()'s output first; a live chart's updates must not replace the output that carries plotly.js).");
                    charts.Add(FigureOf(html));
                }
                var shown = output["output_type"]?.GetValue<string>() == "stream" ? NotebookFile.MultilineText(output["text"]) : "";
                foreach (Match m in Warning().Matches(shown))
                    problems.Add($"cell {cell.Number}: a student sees a compiler warning: {m.Value.Trim()}");
            }
            var twice = charts.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
                problems.Add($"cell {cell.Number}: shows the same chart {twice.Count()} times (a live training chart is already the final one: do not also display history.Chart()).");
        }
        return problems;
    }

    // The traces of a chart's figure: two displays of one chart (a live chart and the same history's chart with another
    // title) compare equal.
    private static string FigureOf(string html)
    {
        var start = html.IndexOf("var fig = ", StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf(";var draw", start, StringComparison.Ordinal);
        if (start < 0 || end < 0) return html;
        try
        {
            return JsonNode.Parse(html[(start + "var fig = ".Length)..end])?["data"]?.ToJsonString() ?? html;
        }
        catch (System.Text.Json.JsonException)
        {
            return html;
        }
    }

    [GeneratedRegex(@"[^\n]*warning CS\d{4}[^\n]*")]
    private static partial Regex Warning();
}
