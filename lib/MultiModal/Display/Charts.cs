using System.Reflection;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Plotly.NET;

namespace MultiModal.Display;

/// <summary>
/// Renders Plotly.NET charts as self-contained HTML: the plotly.js that Plotly.NET embeds is inlined once per kernel
/// session (<see cref="Loader"/>), so charts never depend on a CDN and render offline, also in saved notebooks.
/// </summary>
public static class Charts
{
    private static readonly Lazy<string> PlotlyJs = new(LoadPlotlyJs);
    private static int _scriptSent;
    private static int _counter;

    /// <summary>
    /// The HTML of a chart: a <c>div</c> that plotly.js draws into, with a short text in it for viewers that run no
    /// JavaScript (GitHub, a mail client), which plotly.js replaces. plotly.js itself comes once per session: with
    /// <see cref="Loader"/> (the set-up cell's output carries it, so every saved copy of a notebook does), or else with
    /// the first chart.
    /// Charts keep the size they were given (<see cref="Plot.Sized"/>); one left at Plotly.NET's default 600×600 is made as
    /// wide as the notebook and <see cref="DefaultHeight"/> high, with its legend in a row above the plot instead of a
    /// column beside it.
    /// </summary>
    public static string ToHtml(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var (json, title) = Prepare(GenericChart.toFigureJson(chart));
        var id = $"mm-plot-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        var sb = new StringBuilder();
        if (Interlocked.Exchange(ref _scriptSent, 1) == 0) sb.Append(LoaderScript());
        var what = title.Length > 0 ? $"Chart “{WebUtility.HtmlEncode(title)}”" : "A chart";
        sb.Append($"<div id=\"{id}\" class=\"mm-chart\"><p style=\"{FallbackStyle}\">{what}: interactive, drawn by plotly.js where JavaScript runs ")
          .Append("(Jupyter, VS Code, the course site <code>artifacts/site</code>).</p></div>")
          .Append("<script type=\"text/javascript\">(function(){")
          .Append($"var fig = {json};")
          .Append("var draw = function(){ var el = document.getElementById('").Append(id).Append("'); el.innerHTML = '';")
          .Append("Plotly.newPlot(el, fig.data, fig.layout || {}, {responsive: true}).then(function(){ if (fig.frames && fig.frames.length) Plotly.addFrames(el, fig.frames); }); };")
          .Append("if (window.Plotly) draw(); else { var t = setInterval(function(){ if (window.Plotly) { clearInterval(t); draw(); } }, 100); }")
          .Append("})();</script>");
        return sb.ToString();
    }

    /// <summary>
    /// plotly.js as one inline script (no CDN), for an output of its own that no later update replaces: the output of
    /// <c>Course.Setup()</c> carries it, and the trainer shows it before a live chart when no chart has been shown yet.
    /// Charts shown after it in the session do not repeat it. Harmless when plotly.js is already on the page.
    /// </summary>
    public static string Loader()
    {
        Interlocked.Exchange(ref _scriptSent, 1);
        return LoaderScript();
    }

    /// <summary>True once plotly.js went out with a chart or with <see cref="Loader"/> in this session.</summary>
    public static bool LoaderSent => Volatile.Read(ref _scriptSent) == 1;

    /// <summary>Height in pixels of a chart left at Plotly.NET's default size.</summary>
    public const int DefaultHeight = 420;

    private const string FallbackStyle = "margin:0;padding:8px 12px;border:1px dashed #bbb;color:#555;font:13px sans-serif";

    // Shadow AMD/CommonJS so plotly.js's UMD wrapper sets window.Plotly even where require.js is loaded (Jupyter).
    private static string LoaderScript() =>
        "<script type=\"text/javascript\" data-mm-plotly=\"" + PlotlyVersion + "\">if (!window.Plotly) { (function(define, module, exports){" + PlotlyJs.Value +
        "\n})(undefined, undefined, undefined); }</script>";

    private static string PlotlyVersion => global::Globals.PLOTLYJS_VERSION;

    // Moves frames stored by WithFrames to the figure's "frames", gives charts at the default size the notebook's width
    // and a legend row above the plot, and reads the title for the no-JavaScript text.
    internal static (string Json, string Title) Prepare(string figureJson)
    {
        var fig = JsonNode.Parse(MoveFrames(figureJson))!.AsObject();
        if (fig["layout"] is not JsonObject layout) fig["layout"] = layout = new JsonObject();
        var width = (double?)layout["width"];
        var height = (double?)layout["height"];
        if (width == Plotly.NET.Defaults.DefaultWidth && height == Plotly.NET.Defaults.DefaultHeight)
        {
            layout.Remove("width");
            layout["height"] = DefaultHeight;
            layout["autosize"] = true;
            layout["legend"] ??= new JsonObject { ["orientation"] = "h", ["x"] = 0, ["xanchor"] = "left", ["y"] = 1.02, ["yanchor"] = "bottom" };
            layout["margin"] ??= new JsonObject { ["t"] = 80, ["r"] = 20 };
        }
        var title = layout["title"] switch
        {
            JsonObject t => (string?)t["text"] ?? "",
            JsonValue v when v.TryGetValue(out string? s) => s,
            _ => "",
        };
        // Titles may carry Plotly's HTML (<b>…</b>): the no-JavaScript text wants the words only.
        title = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(title, "<[^>]*>", ""));
        return (fig.ToJsonString(), title);
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
    /// and, under them, a slider across the whole width with one labelled step per frame. The one layout of every
    /// animation of the course (attention word by word, the sliding STFT window); give it a bottom margin of ~130 px.
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
                type = "buttons", showactive = false, x = 0.0, y = -0.03, xanchor = "left", yanchor = "top", direction = "left", pad = new { t = 0, r = 10 },
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
                active = 0, x = 0.0, len = 1.0, y = -0.11, yanchor = "top", pad = new { t = 10 },
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
