using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MultiModal.Display;

/// <summary>
/// A 3×5 pixel font for labels on generated pictures (words under attention overlays), so no font files or drawing
/// packages are needed. Lower-case letters, digits and a few signs; other characters draw as a box.
/// </summary>
internal static class PixelFont
{
    /// <summary>Glyph height in font pixels.</summary>
    public const int Height = 5;
    private const int Width = 3;

    // Each glyph: 5 rows of 3 bits (bit 2 = left column).
    private static readonly Dictionary<char, int[]> Glyphs = new()
    {
        ['a'] = [2, 5, 7, 5, 5], ['b'] = [6, 5, 6, 5, 6], ['c'] = [3, 4, 4, 4, 3], ['d'] = [6, 5, 5, 5, 6],
        ['e'] = [7, 4, 6, 4, 7], ['f'] = [7, 4, 6, 4, 4], ['g'] = [3, 4, 5, 5, 3], ['h'] = [5, 5, 7, 5, 5],
        ['i'] = [7, 2, 2, 2, 7], ['j'] = [1, 1, 1, 5, 2], ['k'] = [5, 5, 6, 5, 5], ['l'] = [4, 4, 4, 4, 7],
        ['m'] = [5, 7, 7, 5, 5], ['n'] = [6, 5, 5, 5, 5], ['o'] = [2, 5, 5, 5, 2], ['p'] = [6, 5, 6, 4, 4],
        ['q'] = [2, 5, 5, 6, 3], ['r'] = [6, 5, 6, 5, 5], ['s'] = [3, 4, 2, 1, 6], ['t'] = [7, 2, 2, 2, 2],
        ['u'] = [5, 5, 5, 5, 7], ['v'] = [5, 5, 5, 5, 2], ['w'] = [5, 5, 7, 7, 5], ['x'] = [5, 5, 2, 5, 5],
        ['y'] = [5, 5, 2, 2, 2], ['z'] = [7, 1, 2, 4, 7],
        ['0'] = [7, 5, 5, 5, 7], ['1'] = [2, 6, 2, 2, 7], ['2'] = [6, 1, 2, 4, 7], ['3'] = [6, 1, 2, 1, 6],
        ['4'] = [5, 5, 7, 1, 1], ['5'] = [7, 4, 6, 1, 6], ['6'] = [3, 4, 7, 5, 7], ['7'] = [7, 1, 2, 2, 2],
        ['8'] = [7, 5, 7, 5, 7], ['9'] = [7, 5, 7, 1, 6],
        [' '] = [0, 0, 0, 0, 0], ['<'] = [1, 2, 4, 2, 1], ['>'] = [4, 2, 1, 2, 4], ['-'] = [0, 0, 7, 0, 0],
        ['.'] = [0, 0, 0, 0, 2], ['='] = [0, 7, 0, 7, 0], ['?'] = [6, 1, 2, 0, 2],
    };

    /// <summary>Width in image pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale) => Math.Max(0, text.Length * (Width + 1) - 1) * scale;

    /// <summary>Draws <paramref name="text"/> in dark grey with its top at <paramref name="y"/>; x is the left edge, or the centre if <paramref name="centred"/>.</summary>
    public static void Draw(Image<Rgba32> image, string text, int x, int y, int scale = 1, bool centred = false)
    {
        var left = centred ? x - Measure(text, scale) / 2 : x;
        var ink = new Rgba32(30, 30, 30);
        for (var k = 0; k < text.Length; k++)
        {
            var rows = Glyphs.TryGetValue(char.ToLowerInvariant(text[k]), out var g) ? g : [7, 5, 5, 5, 7];
            for (var r = 0; r < Height; r++)
                for (var c = 0; c < Width; c++)
                    if ((rows[r] >> (Width - 1 - c) & 1) == 1)
                        for (var dy = 0; dy < scale; dy++)
                            for (var dx = 0; dx < scale; dx++)
                            {
                                var (px, py) = (left + (k * (Width + 1) + c) * scale + dx, y + r * scale + dy);
                                if (px >= 0 && py >= 0 && px < image.Width && py < image.Height) image[px, py] = ink;
                            }
        }
    }
}
