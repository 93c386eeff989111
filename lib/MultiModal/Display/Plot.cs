using Plotly.NET;
using Plotly.NET.CSharp;
using PChart = Plotly.NET.CSharp.Chart;

namespace MultiModal.Display;

/// <summary>
/// Small C#-friendly chart helpers on top of Plotly.NET, for the plots every notebook makes (lines, titles and axis
/// labels; loss curves come from <c>LossHistory.Chart</c>). A cell that ends with the returned chart renders it interactively.
/// </summary>
public static class Plot
{
    /// <summary>Adds a title and axis labels to any chart.</summary>
    public static GenericChart Titled(this GenericChart chart, string title, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var c = Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
        if (xTitle is not null) c = c.WithXAxisStyle<double, double, string>(Title: AxisTitle(xTitle));
        if (yTitle is not null) c = c.WithYAxisStyle<double, double, string>(Title: AxisTitle(yTitle));
        return c;
    }

    /// <summary>A Plotly title object with only its text set (F# optional arguments spelled out for C#).</summary>
    public static Title AxisTitle(string text) => Title.init(text, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>Sets the chart's size in pixels.</summary>
    public static GenericChart Sized(this GenericChart chart, int width, int height) =>
        Plotly.NET.Chart.withSize((double)width, (double)height).Invoke(chart);

    /// <summary>One line chart of y against x.</summary>
    public static GenericChart Line(double[] x, double[] y, string name = "", string? title = null, string? xTitle = null, string? yTitle = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} points but y has {y.Length}; a line needs one y per x.", nameof(y));
        var c = PChart.Line<double, double, string>(x: x, y: y, Name: name, ShowLegend: name.Length > 0);
        return title is null && xTitle is null && yTitle is null ? c : c.Titled(title ?? "", xTitle, yTitle);
    }

    /// <summary>Several named line series on one chart.</summary>
    public static GenericChart Lines(string title, string xTitle, string yTitle, params (string Name, double[] X, double[] Y)[] series)
    {
        if (series.Length == 0) throw new ArgumentException("Lines needs at least one series.", nameof(series));
        var charts = series.Select(s => Line(s.X, s.Y, s.Name)).ToArray();
        return PChart.Combine(charts).Titled(title, xTitle, yTitle);
    }
}
