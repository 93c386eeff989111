namespace MultiModal.World;

/// <summary>Which pixels a shape covers: the one definition the generator (boxes) and the renderer (pixels) share.</summary>
internal static class ShapeGeometry
{
    /// <summary>True when the point at offset (dx, dy) from the centre lies inside a shape of radius r.</summary>
    public static bool Contains(ObjectShape shape, double dx, double dy, double r) => shape switch
    {
        ObjectShape.Circle => dx * dx + dy * dy <= r * r,
        ObjectShape.Square => Math.Abs(dx) <= 0.85 * r && Math.Abs(dy) <= 0.85 * r,
        ObjectShape.Diamond => Math.Abs(dx) + Math.Abs(dy) <= 1.15 * r,
        ObjectShape.Cross => (Math.Abs(dx) <= 0.36 * r && Math.Abs(dy) <= r) || (Math.Abs(dy) <= 0.36 * r && Math.Abs(dx) <= r),
        // Apex (0, -r), base corners (±0.95 r, 0.8 r): inside when below both slanted edges and above the base.
        ObjectShape.Triangle => dy <= 0.8 * r && dy >= -r + (1.8 / 0.95) * Math.Abs(dx),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown shape."),
    };

    /// <summary>Calls <paramref name="visit"/>(x, y) for every pixel whose centre lies inside the shape, clipped to the image.</summary>
    public static void ForEachPixel(ObjectShape shape, double cx, double cy, double r, int size, Action<int, int> visit)
    {
        var e = (int)Math.Ceiling(SceneConfig.Extent((int)Math.Ceiling(r))) + 1;
        int x0 = Math.Max(0, (int)cx - e), x1 = Math.Min(size - 1, (int)cx + e);
        int y0 = Math.Max(0, (int)cy - e), y1 = Math.Min(size - 1, (int)cy + e);
        for (var y = y0; y <= y1; y++)
            for (var x = x0; x <= x1; x++)
                if (Contains(shape, x + 0.5 - cx, y + 0.5 - cy, r)) visit(x, y);
    }
}
