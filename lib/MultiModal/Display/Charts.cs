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
    /// Adds the controls of an animation to a chart that has frames (<see cref="WithFrames"/>): a ▶ play / ❚❚ pause pair
    /// and a slider with one step per frame, labelled, under the plot. The one layout of every animation of the
    /// course (attention word by word, the sliding STFT window).
    /// </summary>
    /// <param name="chart">The chart.</param>
    /// <param name="steps">One (frame name, slider label) per frame, in playing order.</param>
    /// <param name="prefix">Text in front of the slider's current value, e.g. "word: ".</param>
    /// <param name="frameMs">Milliseconds per frame when playing.</param>
    /// <param name="redraw">Redraw the whole plot every frame (needed for image traces; slower).</param>
    public static GenericChart WithPlayer(GenericChart chart, IReadOnlyList<(string Name, string Label)> steps, string prefix, int frameMs, bool redraw)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0) throw new ArgumentException("An animation needs at least one frame.", nameof(steps));
        if (frameMs < 1) throw new ArgumentOutOfRangeException(nameof(frameMs), frameMs, "frameMs must be at least 1 millisecond.");
        var animation = new { mode = "immediate", frame = new { duration = frameMs, redraw }, transition = new { duration = 0 } };
        var layout = GenericChart.getLayout(chart);
        layout.SetProperty("updatemenus", new object[]
        {
            new
            {
                type = "buttons", showactive = false, x = 0.0, y = -0.08, xanchor = "left", yanchor = "top", direction = "left",
                buttons = new object[]
                {
                    new { label = "▶ play", method = "animate", args = new object?[] { null, new { animation.mode, fromcurrent = true, animation.frame, animation.transition } } },
                    new { label = "❚❚ pause", method = "animate", args = new object[] { new object?[] { null }, new { mode = "immediate", frame = new { duration = 0, redraw = false }, transition = new { duration = 0 } } } },
                },
            },
        });
        layout.SetProperty("sliders", new object[]
        {
            new
            {
                active = 0, x = 0.2, len = 0.8, y = -0.04, yanchor = "top",
                currentvalue = new { prefix },
                steps = steps.Select(s => new { label = s.Label, method = "animate", args = new object[] { new[] { s.Name }, animation } }).ToArray(),
            },
        });
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
