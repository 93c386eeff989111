using System.Globalization;
using System.Net;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiModal.Display;

/// <summary>
/// One axis of an <see cref="AxesImage"/>: its title and the values at the picture's edges — for x at the left and
/// right edge, for y at the <b>bottom</b> and top edge (so a spectrogram's y axis runs 0 → 8 kHz upwards, and a matrix
/// whose row 0 is drawn on top has <c>First = rows</c>, <c>Last = 0</c>).
/// </summary>
/// <param name="Title">What the axis measures, with its unit: "time (s)", "frequency (kHz)".</param>
/// <param name="First">Value at the left (x) or bottom (y) edge.</param>
/// <param name="Last">Value at the right (x) or top (y) edge.</param>
public sealed record Axis(string Title, double First, double Last)
{
    /// <summary>Time in seconds across <paramref name="frames"/> frames <paramref name="hop"/> samples apart.</summary>
    public static Axis Time(long frames, int hop, int sampleRate) => new("time (s)", 0, frames * (double)hop / sampleRate);

    /// <summary>Frequency in kHz from 0 to the Nyquist frequency of <paramref name="sampleRate"/>.</summary>
    public static Axis Frequency(int sampleRate) => new("frequency (kHz)", 0, sampleRate / 2000.0);

    /// <summary>"Nice" tick values inside the axis (steps of 1, 2, 2.5 or 5 × 10ᵏ, about <paramref name="target"/> of them).</summary>
    public IReadOnlyList<double> Ticks(int target = 6)
    {
        var (lo, hi) = (Math.Min(First, Last), Math.Max(First, Last));
        if (!(hi > lo) || double.IsInfinity(hi - lo)) return [lo];
        var raw = (hi - lo) / Math.Max(1, target - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw * 0.999);
        var ticks = new List<double>();
        for (var v = Math.Ceiling(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        return ticks;
    }
}

/// <summary>The colour bar of an <see cref="AxesImage"/>: which colours mean which values.</summary>
/// <param name="Colormap">The colours, low to high.</param>
/// <param name="Min">The value of the lowest colour.</param>
/// <param name="Max">The value of the highest colour.</param>
/// <param name="Title">What the colours measure, with its unit: "power (dB)".</param>
public sealed record ColorBar(Colormap Colormap, double Min, double Max, string Title);

/// <summary>
/// A picture made of cells — a spectrogram, a log-mel map, a similarity matrix — inside a frame with ticked and titled
/// axes and a colour bar, so a reader can say "the chirp reaches 4 kHz at 0.8 s, at −20 dB". Drawn as SVG around the
/// PNG (crisp text at any zoom, no script: it shows in saved notebooks, HTML exports and on the offline site).
/// </summary>
public sealed class AxesImage
{
    private const int Left = 58, Right = 16, Top = 28, Bottom = 44, BarGap = 14, BarWidth = 14, BarLabels = 62;

    /// <summary>Frames <paramref name="raster"/> (drawn at its own size in pixels).</summary>
    public AxesImage(Image<Rgba32> raster, Axis x, Axis y, ColorBar? colorBar = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(raster);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (colorBar is not null && !(colorBar.Max > colorBar.Min))
            throw new ArgumentException($"ColorBar.Max ({colorBar.Max}) must be above ColorBar.Min ({colorBar.Min}).", nameof(colorBar));
        Raster = raster;
        X = x;
        Y = y;
        ColorBar = colorBar;
        Title = title;
    }

    /// <summary>The picture inside the frame.</summary>
    public Image<Rgba32> Raster { get; }

    /// <summary>The horizontal axis.</summary>
    public Axis X { get; }

    /// <summary>The vertical axis.</summary>
    public Axis Y { get; }

    /// <summary>The colour bar, if any.</summary>
    public ColorBar? ColorBar { get; }

    /// <summary>The title above the picture, if any.</summary>
    public string? Title { get; }

    /// <summary>Width of the whole figure in pixels.</summary>
    public int Width => Left + Raster.Width + (ColorBar is null ? Right : BarGap + BarWidth + BarLabels);

    /// <summary>Height of the whole figure in pixels.</summary>
    public int Height => Top + Raster.Height + Bottom;

    /// <summary>The figure as an inline SVG element (how a notebook shows it).</summary>
    public string ToHtml()
    {
        var inv = CultureInfo.InvariantCulture;
        var (w, h) = (Raster.Width, Raster.Height);
        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm-axes\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">");
        if (Title is { Length: > 0 }) sb.Append(inv, $"<text x=\"{Left + w / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">{Escape(Title)}</text>");
        sb.Append(inv, $"<image x=\"{Left}\" y=\"{Top}\" width=\"{w}\" height=\"{h}\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,{Convert.ToBase64String(Html.Png(Raster))}\"/>");
        sb.Append(inv, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{w}\" height=\"{h}\" fill=\"none\" stroke=\"#555\"/>");
        foreach (var v in X.Ticks(Math.Clamp(w / 70, 2, 9)))
        {
            var px = Left + Position(X, v) * w;
            sb.Append(inv, $"<line x1=\"{px:F1}\" y1=\"{Top + h}\" x2=\"{px:F1}\" y2=\"{Top + h + 4}\" stroke=\"#555\"/><text x=\"{px:F1}\" y=\"{Top + h + 16}\" text-anchor=\"middle\">{Label(v, X)}</text>");
        }
        sb.Append(inv, $"<text x=\"{Left + w / 2}\" y=\"{Top + h + 34}\" text-anchor=\"middle\">{Escape(X.Title)}</text>");
        foreach (var v in Y.Ticks(Math.Clamp(h / 32, 3, 8)))
        {
            var py = Top + h - Position(Y, v) * h;
            sb.Append(inv, $"<line x1=\"{Left - 4}\" y1=\"{py:F1}\" x2=\"{Left}\" y2=\"{py:F1}\" stroke=\"#555\"/><text x=\"{Left - 6}\" y=\"{py + 4:F1}\" text-anchor=\"end\">{Label(v, Y)}</text>");
        }
        sb.Append(inv, $"<text transform=\"translate(14 {Top + h / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(Y.Title)}</text>");
        if (ColorBar is { } bar)
        {
            var bx = Left + w + BarGap;
            using var gradient = new Image<Rgba32>(1, 64);
            for (var r = 0; r < 64; r++) gradient[0, r] = bar.Colormap.Map(1 - r / 63.0);
            sb.Append(inv, $"<image x=\"{bx}\" y=\"{Top}\" width=\"{BarWidth}\" height=\"{h}\" preserveAspectRatio=\"none\" href=\"data:image/png;base64,{Convert.ToBase64String(Html.Png(gradient))}\"/>");
            sb.Append(inv, $"<rect x=\"{bx}\" y=\"{Top}\" width=\"{BarWidth}\" height=\"{h}\" fill=\"none\" stroke=\"#555\"/>");
            var scale = new Axis(bar.Title, bar.Min, bar.Max);
            foreach (var v in scale.Ticks(Math.Clamp(h / 30, 3, 6)))
            {
                var py = Top + h - Position(scale, v) * h;
                sb.Append(inv, $"<line x1=\"{bx + BarWidth}\" y1=\"{py:F1}\" x2=\"{bx + BarWidth + 4}\" y2=\"{py:F1}\" stroke=\"#555\"/><text x=\"{bx + BarWidth + 6}\" y=\"{py + 4:F1}\">{Label(v, scale)}</text>");
            }
            sb.Append(inv, $"<text transform=\"translate({bx + BarWidth + BarLabels - 6} {Top + h / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(bar.Title)}</text>");
        }
        return sb.Append("</svg>").ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Title ?? "image"}: {Raster.Width}×{Raster.Height} px, x {X.Title} {X.First:G4} … {X.Last:G4}, y {Y.Title} {Y.First:G4} … {Y.Last:G4}";

    // Where v lies between the axis' first (0) and last (1) edge.
    private static double Position(Axis a, double v) => a.Last == a.First ? 0 : (v - a.First) / (a.Last - a.First);

    private static string Label(double v, Axis a)
    {
        var span = Math.Abs(a.Last - a.First);
        var decimals = span >= 20 ? 0 : span >= 2 ? 1 : span >= 0.2 ? 2 : 3;
        var text = v.ToString("F" + decimals, CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal)) text = text.TrimEnd('0').TrimEnd('.');
        return text.StartsWith('-') ? "−" + text[1..] : text;
    }

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
