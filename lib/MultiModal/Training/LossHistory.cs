using Plotly.NET;
using ChartCs = Plotly.NET.CSharp.Chart;

namespace MultiModal.Training;

/// <summary>
/// The losses of a training run, one per step, plus optional extra curves (e.g. a validation loss every 50
/// steps), ready to plot with <see cref="Chart"/>. Passing the same history to a second
/// <see cref="Trainer"/> call continues the step numbering.
/// </summary>
public sealed class LossHistory
{
    private readonly List<double> _loss = [];
    private readonly Dictionary<string, List<(int Step, double Value)>> _extra = new(StringComparer.Ordinal);

    /// <summary>The training loss of every step so far, in order.</summary>
    public IReadOnlyList<double> Loss => _loss;

    /// <summary>Number of steps recorded.</summary>
    public int Count => _loss.Count;

    /// <summary>Extra curves by name: (step, value) points.</summary>
    public IReadOnlyDictionary<string, List<(int Step, double Value)>> Extra => _extra;

    /// <summary>The last recorded loss (NaN when empty).</summary>
    public double Last => _loss.Count == 0 ? double.NaN : _loss[^1];

    /// <summary>Appends the loss of the next step.</summary>
    public void Add(double loss) => _loss.Add(loss);

    /// <summary>Records a point of an extra curve (e.g. <c>history.Record("validation", step, loss)</c>).</summary>
    public void Record(string series, int step, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(series);
        if (!_extra.TryGetValue(series, out var list)) _extra[series] = list = [];
        list.Add((step, value));
    }

    /// <summary>Mean of the last <paramref name="window"/> losses (NaN when empty): a less noisy "current loss".</summary>
    public double Recent(int window = 20)
    {
        if (_loss.Count == 0) return double.NaN;
        var n = Math.Min(window, _loss.Count);
        var sum = 0.0;
        for (var i = _loss.Count - n; i < _loss.Count; i++) sum += _loss[i];
        return sum / n;
    }

    /// <summary>Trailing moving average of the loss over <paramref name="window"/> steps (same length as <see cref="Loss"/>).</summary>
    public double[] Smoothed(int window = 20)
    {
        if (window <= 0) throw new ArgumentOutOfRangeException(nameof(window), window, "The smoothing window must be at least 1 step.");
        var result = new double[_loss.Count];
        var sum = 0.0;
        for (var i = 0; i < _loss.Count; i++)
        {
            sum += _loss[i];
            if (i >= window) sum -= _loss[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }

    /// <summary>
    /// A Plotly loss curve: the raw loss per step (thin), its moving average and every extra curve.
    /// Returned from a notebook cell it renders as an interactive chart.
    /// </summary>
    public GenericChart Chart(string title = "training loss", int window = 20, bool logY = false)
    {
        var steps = Enumerable.Range(1, _loss.Count).ToArray();
        var charts = new List<GenericChart>
        {
            ChartCs.Line<int, double, string>(x: steps, y: _loss, Name: "loss", Opacity: 0.35),
            ChartCs.Line<int, double, string>(x: steps, y: Smoothed(window), Name: $"loss (mean of {window})"),
        };
        foreach (var (name, points) in _extra)
            charts.Add(ChartCs.Line<int, double, string>(x: points.Select(p => p.Step), y: points.Select(p => p.Value), Name: name, ShowMarkers: true));
        var chart = ChartCs.Combine(charts);
        chart = Plotly.NET.Chart.withTitle(title, TitleFont: null).Invoke(chart);
        chart = Plotly.NET.CSharp.GenericChartExtensions.WithXAxisStyle<int, int, string>(chart, TitleText: "step");
        return Plotly.NET.CSharp.GenericChartExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: "loss",
            AxisType: logY ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
    }
}
