using System.Reflection;
using System.Text;
using Plotly.NET;

namespace MultiModal.Display;

/// <summary>
/// Renders Plotly.NET charts as self-contained HTML: the plotly.js that Plotly.NET embeds (2.28) is inlined
/// once per kernel session, so charts never depend on a CDN and render offline.
/// </summary>
public static class Charts
{
    private static readonly Lazy<string> PlotlyJs = new(LoadPlotlyJs);
    private static int _scriptSent;
    private static int _counter;

    /// <summary>The HTML of a chart; the first chart of a process carries plotly.js itself.</summary>
    public static string ToHtml(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var json = MoveFrames(GenericChart.toFigureJson(chart));
        var id = $"mm-plot-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        var sb = new StringBuilder();
        if (Interlocked.Exchange(ref _scriptSent, 1) == 0)
            // Shadow AMD/CommonJS so plotly.js's UMD wrapper sets window.Plotly even where require.js is loaded (Jupyter).
            sb.Append("<script type=\"text/javascript\">if (!window.Plotly) { (function(define, module, exports){").Append(PlotlyJs.Value).Append("\n})(undefined, undefined, undefined); }</script>");
        sb.Append($"<div id=\"{id}\"></div><script type=\"text/javascript\">(function(){{")
          .Append($"var fig = {json};")
          .Append("var draw = function(){ var el = document.getElementById('").Append(id).Append("');")
          .Append("Plotly.newPlot(el, fig.data, fig.layout || {}, {responsive: true}).then(function(){ if (fig.frames && fig.frames.length) Plotly.addFrames(el, fig.frames); }); };")
          .Append("if (window.Plotly) draw(); else { var t = setInterval(function(){ if (window.Plotly) { clearInterval(t); draw(); } }, 100); }")
          .Append("})();</script>");
        return sb.ToString();
    }

    /// <summary>
    /// Attaches animation frames to a chart (Plotly.NET 6 cannot express them): each frame is an object such as
    /// <c>new { name = "3", data = new object[] { new { y = ys } }, traces = new[] { 1 } }</c>, played by layout
    /// sliders or buttons whose <c>method</c> is <c>"animate"</c>. <see cref="ToHtml"/> hands them to plotly.js.
    /// </summary>
    public static GenericChart WithFrames(GenericChart chart, IEnumerable<object> frames)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(frames);
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty(FramesKey, frames.ToArray());
        return GenericChart.setLayout(layout, chart);
    }

    /// <summary>
    /// A line chart of one or more named series sharing axes (loss curves, waveforms, spectra).
    /// </summary>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">x-axis label (with unit).</param>
    /// <param name="yTitle">y-axis label (with unit).</param>
    /// <param name="series">(name, x values, y values) per line; x and y of equal length.</param>
    public static GenericChart Lines(string title, string xTitle, string yTitle, params (string Name, double[] X, double[] Y)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length == 0) throw new ArgumentException("Give at least one series.", nameof(series));
        var traces = series.Select(s =>
        {
            if (s.X.Length != s.Y.Length) throw new ArgumentException($"Series '{s.Name}' has {s.X.Length} x values but {s.Y.Length} y values.", nameof(series));
            var t = new Trace2D("scatter");
            t.SetProperty("x", s.X);
            t.SetProperty("y", s.Y);
            t.SetProperty("mode", "lines");
            t.SetProperty("name", s.Name);
            return GenericChart.ofTraceObject(true, t);
        });
        var chart = GenericChart.combine(traces);
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("title", new { text = title });
        layout.SetProperty("xaxis", new { title = new { text = xTitle } });
        layout.SetProperty("yaxis", new { title = new { text = yTitle } });
        layout.SetProperty("height", 340);
        layout.SetProperty("margin", new { t = 50, b = 50 });
        return GenericChart.setLayout(layout, chart);
    }

    private const string FramesKey = "_mmFrames";

    // Moves frames stored in the layout by WithFrames to the figure's top-level "frames" array.
    internal static string MoveFrames(string figureJson)
    {
        if (!figureJson.Contains(FramesKey, StringComparison.Ordinal)) return figureJson;
        var fig = System.Text.Json.Nodes.JsonNode.Parse(figureJson)!.AsObject();
        if (fig["layout"] is System.Text.Json.Nodes.JsonObject layout && layout[FramesKey] is { } frames)
        {
            layout.Remove(FramesKey);
            fig["frames"] = frames.DeepClone();
        }
        return fig.ToJsonString();
    }

    /// <summary>Forget that plotly.js was sent (a new kernel session, or a test).</summary>
    public static void ResetSession() => Interlocked.Exchange(ref _scriptSent, 0);

    private static string LoadPlotlyJs()
    {
        var asm = typeof(GenericChart).Assembly;
        var name = asm.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("Plotly.NET no longer embeds plotly.js; charts cannot render offline.");
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}
