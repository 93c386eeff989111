using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace MultiModal.Display;

/// <summary>
/// A live progress bar for long work: an updating HTML bar in a notebook, a line per ~10 % on the console
/// (readable in CI logs). Updates are throttled so a fast loop does not flood the output.
/// </summary>
/// <example><code>
/// using var bar = new ProgressBar(steps, "training");
/// for (var i = 0; i &lt; steps; i++) { ...; bar.Report(i + 1, $"loss {loss:F3}"); }
/// </code></example>
public sealed class ProgressBar : IDisposable
{
    private readonly int _total;
    private readonly string _label;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DisplayHandle? _display;
    private readonly TimeSpan _interval = TimeSpan.FromMilliseconds(250);
    private TimeSpan _lastDraw = TimeSpan.FromDays(-1); // "long ago": the first report always draws
    private int _lastConsoleDecile = -1;
    private int _done;
    private string _status = "";

    /// <summary>Starts a bar for <paramref name="total"/> steps.</summary>
    public ProgressBar(int total, string label = "")
    {
        if (total <= 0) throw new ArgumentOutOfRangeException(nameof(total), total, "A progress bar needs at least one step.");
        _total = total;
        _label = label;
        if (NotebookHost.InKernel) _display = NotebookHost.Display(new Microsoft.AspNetCore.Html.HtmlString(Html()), "text/html");
    }

    /// <summary>Steps done so far.</summary>
    public int Done => _done;

    /// <summary>Reports that <paramref name="done"/> of the steps are complete, with an optional status text (e.g. the loss).</summary>
    public void Report(int done, string status = "")
    {
        _done = Math.Clamp(done, 0, _total);
        _status = status;
        var now = _clock.Elapsed;
        if (_done < _total && now - _lastDraw < _interval) return;
        _lastDraw = now;
        Draw();
    }

    private void Draw()
    {
        if (_display is not null)
        {
            _display.Update(new Microsoft.AspNetCore.Html.HtmlString(Html()));
            return;
        }
        var decile = _done * 10 / _total;
        if (decile == _lastConsoleDecile) return;
        _lastConsoleDecile = decile;
        Console.WriteLine(Text());
    }

    private string Eta()
    {
        if (_done == 0) return "";
        var perStep = _clock.Elapsed.TotalSeconds / _done;
        var left = perStep * (_total - _done);
        return string.Create(CultureInfo.InvariantCulture, $"{_clock.Elapsed.TotalSeconds:F1} s, ~{left:F0} s left");
    }

    /// <summary>The console form, e.g. <c>training [#####.....] 50/100 (3.1 s, ~3 s left) loss 0.41</c>.</summary>
    public string Text()
    {
        var filled = _done * 20 / _total;
        return $"{_label} [{new string('#', filled)}{new string('.', 20 - filled)}] {_done}/{_total} ({Eta()}) {_status}".Trim();
    }

    private string Html()
    {
        var pct = 100.0 * _done / _total;
        return string.Create(CultureInfo.InvariantCulture,
            $"<div style=\"font-family:monospace;font-size:12px\">{WebUtility.HtmlEncode(_label)} <progress value=\"{_done}\" max=\"{_total}\" style=\"width:240px\"></progress> {_done}/{_total} {pct:F0}% {WebUtility.HtmlEncode(Eta())} {WebUtility.HtmlEncode(_status)}</div>");
    }

    /// <summary>Draws the final state.</summary>
    public void Dispose()
    {
        _lastConsoleDecile = -1;
        Draw();
    }
}
