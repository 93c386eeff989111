using System.Globalization;
using System.Net;
using System.Text;
using Plotly.NET;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Display;

/// <summary>
/// Where a captioning model looked, drawn on the image (as in Show, Attend and Tell's figures and sgrvinod's
/// tutorial): each word's attention map — an 8×8 grid of weights that sum to 1 — is upsampled <b>bilinearly</b>
/// (<see cref="Upsampling.Bilinear"/>) to the
/// image size, scaled so its largest weight is 1, coloured with a <see cref="Colormap"/> and blended over the picture.
/// <list type="bullet">
/// <item><see cref="Overlay"/>: one word → one picture (PNG in a notebook);</item>
/// <item><see cref="Grid"/>: every word of a caption side by side, the word written under its picture (one static PNG);</item>
/// <item><see cref="Animation"/>: a Plotly animation with one frame per word, a slider and a play button;</item>
/// <item><see cref="Gif"/>: the same animation as a GIF, which renders anywhere (GitHub, exported HTML).</item>
/// </list>
/// </summary>
public static class AttentionOverlay
{
    /// <summary>
    /// Blends an attention map over an image: with w = upsampled map / its maximum (in [0, 1]) and c = the colormap's
    /// colour at w, every pixel becomes (1 − α)·pixel + α·c.
    /// </summary>
    /// <param name="image">The image (e.g. <c>sample.Frame.ToImage()</c>).</param>
    /// <param name="map">(h, w) attention weights of one word.</param>
    /// <param name="alpha">Weight of the attention colour, in [0, 1] (0 = the image, 1 = only the attention).</param>
    /// <param name="colormap">Colour scale (default <see cref="Colormap.Viridis"/>).</param>
    /// <param name="scale">Draw the result this many times larger (nearest neighbour), so 64×64 pictures are visible.</param>
    public static Image<Rgba32> Overlay(Image<Rgb24> image, Tensor map, double alpha = 0.6, Colormap? colormap = null, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != image.Height) throw new ArgumentException($"expected a square image, got {image.Width}×{image.Height}.", nameof(image));
        if (alpha is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1].");
        if (scale < 1) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be at least 1.");
        colormap ??= Colormap.Viridis;
        var size = image.Width;
        var weights = Normalized(map, size);
        var result = new Image<Rgba32>(size, size);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var p = image[x, y];
                var c = colormap.Map(weights[y * size + x]);
                result[x, y] = new Rgba32(Blend(p.R, c.R, alpha), Blend(p.G, c.G, alpha), Blend(p.B, c.B, alpha));
            }
        if (scale > 1) result.Mutate(m => m.Resize(size * scale, size * scale, KnownResamplers.NearestNeighbor));
        return result;
    }

    /// <summary>The upsampled map divided by its maximum, row-major (size·size values in [0, 1]; all 0 for an all-zero map).</summary>
    public static float[] Normalized(Tensor map, int size)
    {
        using var scope = NewDisposeScope();
        if (map.dim() != 2) throw new ArgumentException($"expected one attention map of shape [h, w] (e.g. caption.Attention[i]), got {map.ShapeText()}.", nameof(map));
        var up = Upsampling.Bilinear(map, size);                                                 // (size, size)
        var max = up.max().item<float>();
        var values = up.data<float>().ToArray();
        if (max > 0) for (var i = 0; i < values.Length; i++) values[i] = Math.Clamp(values[i] / max, 0f, 1f);
        else Array.Clear(values);
        return values;
    }

    /// <summary>(1 − α)·a + α·b, rounded to a byte.</summary>
    public static byte Blend(byte a, byte b, double alpha) => (byte)Math.Clamp(Math.Round((1 - alpha) * a + alpha * b), 0, 255);

    /// <summary>
    /// One static picture: the plain image first, then one overlay per word with the word written underneath
    /// (text drawn as a tiny pixel font, so no font files are needed), wrapped into rows of <paramref name="columns"/>.
    /// </summary>
    /// <param name="image">The image.</param>
    /// <param name="words">The caption's words, one per map.</param>
    /// <param name="attention">(words, h, w) maps, e.g. <c>Caption.Attention</c>.</param>
    /// <param name="scale">Magnification of every tile.</param>
    /// <param name="columns">Tiles per row.</param>
    /// <param name="alpha">See <see cref="Overlay"/>.</param>
    public static Image<Rgba32> Grid(Image<Rgb24> image, IReadOnlyList<string> words, Tensor attention, int scale = 2, int columns = 6, double alpha = 0.6)
    {
        CheckCaption(words, attention);
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "columns must be at least 1.");
        var tiles = new List<(Image<Rgba32> Picture, string Label)> { (image.CloneAs<Rgba32>(), "<image>") };
        if (scale > 1) tiles[0].Picture.Mutate(m => m.Resize(image.Width * scale, image.Height * scale, KnownResamplers.NearestNeighbor));
        for (var i = 0; i < words.Count; i++)
        {
            using var map = attention[i];                                            // (h, w)
            tiles.Add((Overlay(image, map, alpha, null, scale), words[i]));
        }
        var tile = image.Width * scale;
        const int gap = 4, textHeight = PixelFont.Height * 2 + 6;
        var cols = Math.Min(columns, tiles.Count);
        var rows = (tiles.Count + cols - 1) / cols;
        var sheet = new Image<Rgba32>(cols * (tile + gap) + gap, rows * (tile + textHeight + gap) + gap, new Rgba32(255, 255, 255));
        for (var k = 0; k < tiles.Count; k++)
        {
            var (x0, y0) = (gap + (k % cols) * (tile + gap), gap + (k / cols) * (tile + textHeight + gap));
            var picture = tiles[k].Picture;
            sheet.Mutate(m => m.DrawImage(picture, new Point(x0, y0), 1f));
            PixelFont.Draw(sheet, tiles[k].Label, x0 + tile / 2, y0 + tile + 4, scale: 2, centred: true);
            picture.Dispose();
        }
        return sheet;
    }

    /// <summary>
    /// A Plotly animation of the caption: one frame per word (the overlay as an image trace, the caption so far as the
    /// title), a slider to pick a word and a play button. Returned from a notebook cell it renders interactively.
    /// </summary>
    /// <param name="image">The image.</param>
    /// <param name="words">The caption's words, one per map.</param>
    /// <param name="attention">(words, h, w) maps.</param>
    /// <param name="scale">Magnification of the overlay.</param>
    /// <param name="frameMs">Milliseconds per frame when playing.</param>
    public static GenericChart Animation(Image<Rgb24> image, IReadOnlyList<string> words, Tensor attention, int scale = 6, int frameMs = 700)
    {
        CheckCaption(words, attention);
        var sources = Enumerable.Range(0, words.Count).Select(i =>
        {
            using var map = attention[i];                                            // (h, w)
            return DataUri(Overlay(image, map, scale: scale));
        }).ToArray();
        var titles = Enumerable.Range(0, words.Count).Select(i => Title(words, i)).ToArray();
        var trace = new Trace2D("image");
        trace.SetProperty("source", sources[0]);
        trace.SetProperty("hoverinfo", "skip");
        var chart = GenericChart.ofTraceObject(true, trace);
        var layout = GenericChart.getLayout(chart);
        var side = image.Width * scale;
        // The caption so far as a left-aligned title under the top margin (the tool bar sits at the top right), the
        // player under the picture, wide enough for one slider label per word (about 60 px each).
        layout.SetProperty("title", new { text = titles[0], x = 0.02, xanchor = "left", y = 0.97, yanchor = "top" });
        layout.SetProperty("width", Math.Max(side + 80, Math.Max(560, 60 * words.Count + 80)));
        layout.SetProperty("height", side + 80 + 150);
        layout.SetProperty("margin", new { l = 40, r = 40, t = 80, b = 150 });
        layout.SetProperty("xaxis", new { visible = false });
        layout.SetProperty("yaxis", new { visible = false });
        chart = Charts.WithPlayer(GenericChart.setLayout(layout, chart),
            Enumerable.Range(0, words.Count).Select(i => (Name(i), words[i])).ToArray(), "word: ", frameMs, redraw: true);
        var frames = Enumerable.Range(0, words.Count).Select(i => (object)new
        {
            name = Name(i),
            data = new object[] { new { type = "image", source = sources[i] } },
            layout = new { title = new { text = titles[i] } },
        });
        return Charts.WithFrames(chart, frames);
    }

    /// <summary>
    /// The caption as an animated GIF: one frame per word (overlay, magnified, with the word written under it), looping.
    /// </summary>
    public static GifAnimation Gif(Image<Rgb24> image, IReadOnlyList<string> words, Tensor attention, int scale = 4, int frameMs = 700)
    {
        CheckCaption(words, attention);
        var side = image.Width * scale;
        var frames = new List<Image<Rgba32>>();
        for (var i = 0; i < words.Count; i++)
        {
            var frame = new Image<Rgba32>(side, side + PixelFont.Height * 2 + 8, new Rgba32(255, 255, 255));
            using var map = attention[i];                                            // (h, w)
            using var overlay = Overlay(image, map, scale: scale);
            frame.Mutate(m => m.DrawImage(overlay, new Point(0, 0), 1f));
            PixelFont.Draw(frame, words[i], side / 2, side + 4, scale: 2, centred: true);
            frames.Add(frame);
        }
        return new GifAnimation(frames, frameMs, string.Join(' ', words));
    }

    private static string Name(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Title(IReadOnlyList<string> words, int i)
    {
        var sb = new StringBuilder();
        for (var k = 0; k < words.Count; k++)
        {
            if (k > 0) sb.Append(' ');
            sb.Append(k == i ? $"<b>{WebUtility.HtmlEncode(words[k])}</b>" : k < i ? WebUtility.HtmlEncode(words[k]) : "·");
        }
        return sb.ToString();
    }

    private static string DataUri(Image<Rgba32> picture)
    {
        using (picture) return "data:image/png;base64," + Convert.ToBase64String(Html.Png(picture));
    }

    private static void CheckCaption(IReadOnlyList<string> words, Tensor attention)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(attention);
        if (attention.dim() != 3)
            throw new ArgumentException($"expected attention maps of shape [words, h, w] (Caption.Attention), got {attention.ShapeText()}. Show and Tell has no attention to draw.", nameof(attention));
        if (attention.shape[0] != words.Count)
            throw new ArgumentException($"expected one attention map per word: {words.Count} words but {attention.shape[0]} maps.", nameof(attention));
        if (words.Count == 0) throw new ArgumentException("The caption is empty: there is no word to show.", nameof(words));
    }
}
