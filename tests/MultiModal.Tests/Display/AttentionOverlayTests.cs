using MultiModal.Tensors;
using MultiModal.Display;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Display;

public class AttentionOverlayTests
{
    // Independent bilinear interpolation with half-pixel centres and clamped borders (align_corners = false).
    private static double Reference(double[,] map, int size, int y, int x)
    {
        int h = map.GetLength(0), w = map.GetLength(1);
        double sy = Math.Max(0, (y + 0.5) * h / size - 0.5), sx = Math.Max(0, (x + 0.5) * w / size - 0.5);
        int y0 = Math.Min((int)sy, h - 1), x0 = Math.Min((int)sx, w - 1);
        int y1 = Math.Min(y0 + 1, h - 1), x1 = Math.Min(x0 + 1, w - 1);
        double fy = sy - y0, fx = sx - x0;
        return (1 - fy) * ((1 - fx) * map[y0, x0] + fx * map[y0, x1]) + fy * ((1 - fx) * map[y1, x0] + fx * map[y1, x1]);
    }

    [Fact]
    public void Upsampling_is_bilinear_with_half_pixel_centres()
    {
        var rng = new Random(3);
        var values = new double[8, 8];
        for (var r = 0; r < 8; r++) for (var c = 0; c < 8; c++) values[r, c] = rng.NextDouble();
        using var scope = NewDisposeScope();
        var map = tensor(Enumerable.Range(0, 64).Select(i => (float)values[i / 8, i % 8]).ToArray(), [8, 8]);
        var up = Upsampling.Bilinear(map, 64);
        Assert.Equal(new long[] { 64, 64 }, up.shape);
        var got = up.data<float>().ToArray();
        for (var y = 0; y < 64; y++)
            for (var x = 0; x < 64; x++)
                Assert.True(Math.Abs(Reference(values, 64, y, x) - got[y * 64 + x]) < 1e-5, $"pixel ({y}, {x}): expected {Reference(values, 64, y, x)}, got {got[y * 64 + x]}");
    }

    [Fact]
    public void A_constant_map_stays_constant_and_a_peak_stays_in_its_cell()
    {
        using var scope = NewDisposeScope();
        var flat = Upsampling.Bilinear(full(8, 8, 1f / 64), 64);
        Assert.True(flat.allclose(full(64, 64, 1f / 64)));
        var peak = zeros(8, 8);
        peak[2, 5] = tensor(1f);
        var index = (int)Upsampling.Bilinear(peak, 64).flatten().argmax().item<long>();
        var (y, x) = (index / 64, index % 64);
        Assert.InRange(y, 16, 23);                                         // cell row 2 covers pixel rows 16–23
        Assert.InRange(x, 40, 47);
        var w = AttentionOverlay.Normalized(peak, 64);
        Assert.Equal(1f, w.Max());
        Assert.Equal(0f, w.Min());
    }

    [Fact]
    public void Overlay_blends_image_and_colormap_by_alpha()
    {
        using var image = new Image<Rgb24>(64, 64, new Rgb24(200, 100, 0));
        using var scope = NewDisposeScope();
        var map = rand(8, 8);
        var w = AttentionOverlay.Normalized(map, 64);
        using var none = AttentionOverlay.Overlay(image, map, alpha: 0);
        using var only = AttentionOverlay.Overlay(image, map, alpha: 1);
        using var half = AttentionOverlay.Overlay(image, map, alpha: 0.5, scale: 2);
        Assert.Equal((128, 128), (half.Width, half.Height));
        foreach (var (y, x) in new[] { (0, 0), (10, 50), (33, 7), (63, 63) })
        {
            Assert.Equal(new Rgba32(200, 100, 0), none[x, y]);
            var c = Colormap.Viridis.Map(w[y * 64 + x]);
            Assert.Equal(c, only[x, y]);
            Assert.Equal(new Rgba32((byte)Math.Round(0.5 * 200 + 0.5 * c.R), (byte)Math.Round(0.5 * 100 + 0.5 * c.G), (byte)Math.Round(0.5 * c.B)), half[2 * x + 1, 2 * y]);
        }
    }

    [Fact]
    public void Grid_animation_and_gif_have_one_picture_per_word()
    {
        using var image = new Image<Rgb24>(64, 64, new Rgb24(10, 20, 30));
        using var scope = NewDisposeScope();
        var maps = softmax(rand(3, 64), 1).reshape(3, 8, 8);
        string[] words = ["a", "red", "circle"];
        using var grid = AttentionOverlay.Grid(image, words, maps, scale: 2, columns: 4);
        Assert.Equal(4 * (128 + 4) + 4, grid.Width);                      // the image and 3 words in one row
        var gif = AttentionOverlay.Gif(image, words, maps, scale: 2);
        Assert.Equal(3, gif.Frames.Count);
        Assert.Equal("GIF8", System.Text.Encoding.ASCII.GetString(gif.ToGif(), 0, 4));
        var html = Charts.ToHtml(AttentionOverlay.Animation(image, words, maps, scale: 2));
        Assert.Contains("\"frames\":[", html.Replace(" ", ""));
        Assert.Contains("sliders", html);
        Assert.Contains("animate", html);
    }

    [Fact]
    public void Mismatched_words_and_maps_get_clear_errors()
    {
        using var image = new Image<Rgb24>(64, 64);
        using var scope = NewDisposeScope();
        Assert.Contains("one attention map per word", Assert.Throws<ArgumentException>(() => AttentionOverlay.Grid(image, ["a", "b"], rand(3, 8, 8))).Message);
        Assert.Contains("[words, h, w]", Assert.Throws<ArgumentException>(() => AttentionOverlay.Gif(image, ["a"], rand(8, 8))).Message);
        Assert.Contains("[h, w]", Assert.Throws<ArgumentException>(() => Upsampling.Bilinear(rand(1, 1, 8, 8), 64)).Message);
    }
}
