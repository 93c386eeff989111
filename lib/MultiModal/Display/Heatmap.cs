using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Display;

/// <summary>
/// A 2-D tensor as a colour image (PNG when shown in a notebook): spectrograms (frequency × time), attention maps,
/// similarity matrices. Values are scaled linearly from [min, max] to the colormap.
/// </summary>
public static class Heatmap
{
    /// <summary>
    /// Renders <paramref name="values"/> [rows, cols] as an image of cols·cellWidth × rows·cellHeight pixels.
    /// </summary>
    /// <param name="values">The matrix [rows, cols]; NaN cells are drawn grey.</param>
    /// <param name="colormap">Colour scale (default viridis).</param>
    /// <param name="originLower">True: row 0 at the bottom (spectrograms: low frequencies down); false: at the top (matrices, attention maps).</param>
    /// <param name="min">Value mapped to the bottom of the colormap (default: the minimum).</param>
    /// <param name="max">Value mapped to the top (default: the maximum).</param>
    /// <param name="cellWidth">Pixels per column.</param>
    /// <param name="cellHeight">Pixels per row.</param>
    /// <param name="width">If set (with <paramref name="height"/>), the image is finally resized to width × height pixels (nearest neighbour, so cells stay crisp).</param>
    /// <param name="height">See <paramref name="width"/>.</param>
    public static Image<Rgba32> ToImage(Tensor values, Colormap? colormap = null, bool originLower = false, double? min = null, double? max = null, int cellWidth = 1, int cellHeight = 1, int? width = null, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.dim() != 2) throw new ArgumentException($"A heatmap needs a matrix [rows, cols]; got shape {values.ShapeText()}.", nameof(values));
        if (values.is_complex()) throw new ArgumentException("A heatmap needs real values; take .abs() of a complex tensor first.", nameof(values));
        if (cellWidth < 1 || cellHeight < 1) throw new ArgumentException("Cells must be at least 1 pixel.");
        colormap ??= Colormap.Viridis;
        var rows = (int)values.shape[0];
        var cols = (int)values.shape[1];
        if (rows == 0 || cols == 0) throw new ArgumentException("Cannot draw an empty matrix.", nameof(values));
        var v = values.ToDoubles();
        var finite = v.Where(double.IsFinite).ToArray();
        var lo = min ?? (finite.Length > 0 ? finite.Min() : 0);
        var hi = max ?? (finite.Length > 0 ? finite.Max() : 1);
        var span = hi > lo ? hi - lo : 1;
        var image = new Image<Rgba32>(cols * cellWidth, rows * cellHeight);
        for (var r = 0; r < rows; r++)
        {
            var y0 = (originLower ? rows - 1 - r : r) * cellHeight;
            for (var c = 0; c < cols; c++)
            {
                var x = v[r * cols + c];
                var colour = double.IsFinite(x) ? colormap.Map((x - lo) / span) : colormap.Map(double.NaN);
                for (var dy = 0; dy < cellHeight; dy++)
                for (var dx = 0; dx < cellWidth; dx++)
                    image[c * cellWidth + dx, y0 + dy] = colour;
            }
        }
        if (width is int w && height is int h)
        {
            if (w < 1 || h < 1) throw new ArgumentException($"Cannot resize to {w}×{h} pixels.");
            image.Mutate(x => x.Resize(w, h, KnownResamplers.NearestNeighbor));
        }
        return image;
    }

    /// <summary>
    /// The heatmap inside axes with a colour bar (<see cref="AxesImage"/>): what a reader needs to read values off it.
    /// Drawn <paramref name="width"/> × <paramref name="height"/> pixels (default: one pixel per cell, at least 360 wide).
    /// </summary>
    /// <param name="values">The matrix [rows, cols].</param>
    /// <param name="x">The horizontal axis (across the columns).</param>
    /// <param name="y">The vertical axis (across the rows; its <see cref="Axis.First"/> is at the bottom).</param>
    /// <param name="colorTitle">What the colours measure, e.g. "power (dB)".</param>
    /// <param name="colormap">Colour scale (default viridis).</param>
    /// <param name="originLower">True: row 0 at the bottom (spectrograms); false: at the top (matrices).</param>
    /// <param name="min">Value of the lowest colour (default: the minimum).</param>
    /// <param name="max">Value of the highest colour (default: the maximum).</param>
    /// <param name="width">Width of the picture inside the axes, in pixels.</param>
    /// <param name="height">Height of the picture inside the axes, in pixels.</param>
    /// <param name="title">Title above it.</param>
    public static AxesImage Plot(Tensor values, Axis x, Axis y, string colorTitle, Colormap? colormap = null, bool originLower = true,
        double? min = null, double? max = null, int? width = null, int? height = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.dim() != 2) throw new ArgumentException($"A heatmap needs a matrix [rows, cols]; got shape {values.ShapeText()}.", nameof(values));
        colormap ??= Colormap.Viridis;
        var finite = values.ToDoubles().Where(double.IsFinite).ToArray();
        var lo = min ?? (finite.Length > 0 ? finite.Min() : 0);
        var hi = max ?? (finite.Length > 0 ? finite.Max() : 1);
        if (!(hi > lo)) hi = lo + 1;
        var rows = (int)values.shape[0];
        var cols = (int)values.shape[1];
        var w = width ?? Math.Max(cols, 360);
        var h = height ?? Math.Max(rows, 120);
        var raster = ToImage(values, colormap, originLower, lo, hi, width: w, height: h);
        return new AxesImage(raster, x, y, new ColorBar(colormap, lo, hi, colorTitle), title);
    }
}
