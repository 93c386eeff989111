using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MultiModal.Display;

/// <summary>
/// A joint embedding space drawn as a picture (a PNG renders everywhere): 2-D coordinates (e.g. from
/// <c>Pca.Project</c>) scaled to the canvas, every image drawn as a thumbnail at its point, every word written in a
/// labelled box at its point, words over images, so one sees which images gather around which words.
/// </summary>
public static class EmbeddingMap
{
    /// <summary>Draws the map.</summary>
    /// <param name="imagePoints">(x, y) of every image.</param>
    /// <param name="images">The images, one per point (thumbnails are <paramref name="thumbnail"/> pixels wide).</param>
    /// <param name="wordPoints">(x, y) of every word, in the same coordinates.</param>
    /// <param name="words">The words, one per point.</param>
    /// <param name="size">Canvas side in pixels.</param>
    /// <param name="thumbnail">Side of a thumbnail in pixels.</param>
    public static Image<Rgba32> Draw(IReadOnlyList<(double X, double Y)> imagePoints, IReadOnlyList<Image> images,
        IReadOnlyList<(double X, double Y)> wordPoints, IReadOnlyList<string> words, int size = 720, int thumbnail = 28)
    {
        ArgumentNullException.ThrowIfNull(imagePoints);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(wordPoints);
        ArgumentNullException.ThrowIfNull(words);
        if (imagePoints.Count != images.Count) throw new ArgumentException($"one point per image: {imagePoints.Count} points for {images.Count} images.", nameof(images));
        if (wordPoints.Count != words.Count) throw new ArgumentException($"one point per word: {wordPoints.Count} points for {words.Count} words.", nameof(words));
        if (imagePoints.Count + wordPoints.Count == 0) throw new ArgumentException("nothing to draw: give at least one image or word.", nameof(imagePoints));
        if (thumbnail < 4 || size < 4 * thumbnail) throw new ArgumentOutOfRangeException(nameof(size), size, "the canvas must be at least four thumbnails wide.");
        var all = imagePoints.Concat(wordPoints).ToArray();
        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        var margin = thumbnail;
        (int X, int Y) Place((double X, double Y) p) =>
            ((int)Math.Round(margin + (p.X - minX) / Math.Max(1e-12, maxX - minX) * (size - 2 * margin)),
             (int)Math.Round(margin + (maxY - p.Y) / Math.Max(1e-12, maxY - minY) * (size - 2 * margin)));   // y upwards
        var canvas = new Image<Rgba32>(size, size, new Rgba32(255, 255, 255));
        for (var i = 0; i < images.Count; i++)
        {
            var (x, y) = Place(imagePoints[i]);
            using var thumb = images[i].CloneAs<Rgba32>();
            thumb.Mutate(m => m.Resize(thumbnail, thumbnail));
            canvas.Mutate(m => m.DrawImage(thumb, new Point(x - thumbnail / 2, y - thumbnail / 2), 0.9f));
        }
        var placed = new List<(int X, int Y, int W, int H)>();
        for (var i = 0; i < words.Count; i++)
        {
            var (x, y) = Place(wordPoints[i]);
            var w = PixelFont.Measure(words[i], 2) + 6;
            var h = PixelFont.Height * 2 + 6;
            // Words of one cluster sit on top of each other: move a label up or down, one row at a time, until it is free.
            var (bx, by) = (x - w / 2, y - h / 2);
            for (var step = 1; step < 40 && placed.Any(p => Overlaps(p, (bx, by, w, h))); step++)
                by = y - h / 2 + (step % 2 == 1 ? 1 : -1) * ((step + 1) / 2) * (h + 1);
            placed.Add((bx, by, w, h));
            Box(canvas, bx, by, w, h, new Rgba32(255, 240, 150), new Rgba32(120, 90, 0));
            PixelFont.Draw(canvas, words[i], bx + w / 2, by + 3, scale: 2, centred: true);
        }
        return canvas;
    }

    private static bool Overlaps((int X, int Y, int W, int H) a, (int X, int Y, int W, int H) b) =>
        a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;

    private static void Box(Image<Rgba32> image, int x0, int y0, int w, int h, Rgba32 fill, Rgba32 border)
    {
        for (var y = Math.Max(0, y0); y < Math.Min(image.Height, y0 + h); y++)
            for (var x = Math.Max(0, x0); x < Math.Min(image.Width, x0 + w); x++)
                image[x, y] = x == x0 || y == y0 || x == x0 + w - 1 || y == y0 + h - 1 ? border : fill;
    }
}
