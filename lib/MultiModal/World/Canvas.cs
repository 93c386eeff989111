using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiModal.World;

/// <summary>A tiny RGB raster with direct pixel writes (no anti-aliasing): the drawing surface of scenes, faces and dishes.</summary>
internal sealed class Canvas
{
    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>Row-major RGB bytes, [height, width, 3].</summary>
    public byte[] Pixels { get; }

    public void Set(int x, int y, (byte R, byte G, byte B) c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return;
        var i = (y * Width + x) * 3;
        Pixels[i] = c.R; Pixels[i + 1] = c.G; Pixels[i + 2] = c.B;
    }

    public void Fill((byte R, byte G, byte B) c)
    {
        for (var y = 0; y < Height; y++) for (var x = 0; x < Width; x++) Set(x, y, c);
    }

    /// <summary>Fills every pixel whose centre satisfies <paramref name="inside"/>(dx, dy) relative to (cx, cy), within a square of half-side <paramref name="extent"/>.</summary>
    public void FillWhere(double cx, double cy, double extent, Func<double, double, bool> inside, (byte R, byte G, byte B) c)
    {
        int x0 = Math.Max(0, (int)Math.Floor(cx - extent) - 1), x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + extent) + 1);
        int y0 = Math.Max(0, (int)Math.Floor(cy - extent) - 1), y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + extent) + 1);
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
                if (inside(x + 0.5 - cx, y + 0.5 - cy)) Set(x, y, c);
    }

    /// <summary>An ellipse with semi-axes (rx, ry), rotated by <paramref name="angle"/> radians.</summary>
    public void FillEllipse(double cx, double cy, double rx, double ry, (byte R, byte G, byte B) c, double angle = 0)
    {
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        FillWhere(cx, cy, Math.Max(rx, ry), (dx, dy) =>
        {
            var u = (dx * cos + dy * sin) / rx;
            var v = (-dx * sin + dy * cos) / ry;
            return u * u + v * v <= 1;
        }, c);
    }

    /// <summary>A rectangle with corners (x0, y0) and (x1, y1) in pixel coordinates (continuous).</summary>
    public void FillRect(double x0, double y0, double x1, double y1, (byte R, byte G, byte B) c) =>
        FillWhere((x0 + x1) / 2, (y0 + y1) / 2, Math.Max(x1 - x0, y1 - y0) / 2 + 1,
            (dx, dy) => Math.Abs(dx) <= (x1 - x0) / 2 && Math.Abs(dy) <= (y1 - y0) / 2, c);

    /// <summary>A thick line segment from (x0, y0) to (x1, y1).</summary>
    public void Line(double x0, double y0, double x1, double y1, double thickness, (byte R, byte G, byte B) c)
    {
        double mx = (x0 + x1) / 2, my = (y0 + y1) / 2, lx = x1 - x0, ly = y1 - y0;
        var len2 = Math.Max(1e-9, lx * lx + ly * ly);
        var half = thickness / 2;
        FillWhere(mx, my, Math.Sqrt(len2) / 2 + thickness, (dx, dy) =>
        {
            var t = Math.Clamp(((dx + mx - x0) * lx + (dy + my - y0) * ly) / len2, 0, 1);
            double px = x0 + t * lx - (dx + mx), py = y0 + t * ly - (dy + my);
            return px * px + py * py <= half * half;
        }, c);
    }

    public Image<Rgb24> ToImage() => Image.LoadPixelData<Rgb24>(Pixels, Width, Height);

    /// <summary>Pixels as float32 values in [0, 1], channel-first: [3, height, width].</summary>
    public static float[] ToChw(byte[] hwc, int width, int height)
    {
        var n = width * height;
        var chw = new float[3 * n];
        for (var i = 0; i < n; i++)
        {
            chw[i] = hwc[3 * i] / 255f;
            chw[n + i] = hwc[3 * i + 1] / 255f;
            chw[2 * n + i] = hwc[3 * i + 2] / 255f;
        }
        return chw;
    }
}
