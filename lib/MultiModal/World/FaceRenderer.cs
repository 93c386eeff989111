namespace MultiModal.World;

/// <summary>
/// Draws a speaker's face from their latent factors (the world's stand-in for a face decoder, §3.3.1):
/// head width from build and masculinity, jaw squareness and brow thickness from masculinity, hair length from
/// masculinity, hair colour from hue (greying with age), forehead lines with age, a beard for some masculine
/// faces, skin tone from its own factor. Small details (eye spacing, mouth width, background tint) vary per speaker.
/// </summary>
public static class FaceRenderer
{
    /// <summary>RGB bytes of the face, row-major [size, size, 3].</summary>
    public static byte[] Render(Speaker speaker)
    {
        ArgumentNullException.ThrowIfNull(speaker);
        var f = speaker.Factors;
        var size = speaker.FaceSize;
        var s = size / 64.0;
        var rng = new WorldRandom(speaker.Seed ^ 0xFACEUL);
        var c = new Canvas(size, size);
        var bgTint = rng.Uniform(0, 1);
        c.Fill(Mix((205, 215, 225), (225, 215, 200), bgTint));

        var skin = Mix((245, 215, 185), (110, 70, 45), f.SkinTone);
        var hairBase = f.HairHue < 0.33 ? Mix((25, 20, 20), (90, 55, 30), f.HairHue * 3)
                     : f.HairHue < 0.66 ? Mix((90, 55, 30), (200, 160, 90), (f.HairHue - 0.33) * 3)
                     : Mix((200, 160, 90), (170, 70, 35), (f.HairHue - 0.66) * 3);
        var hair = Mix(hairBase, (200, 200, 200), Math.Clamp((f.Age - 0.55) / 0.45, 0, 1));

        double cx = 32 * s, cy = 33 * s;
        var faceW = (13 + 3 * f.Build + 2 * f.Masculinity) * s;
        var faceH = (17 + 1.5 * f.Build) * s;
        var hairLength = Math.Clamp(1 - f.Masculinity + rng.Uniform(-0.2, 0.2), 0, 1);

        // Long hair behind the head, then the neck, then the head.
        if (hairLength > 0.35) c.FillRect(cx - faceW - 3 * s, cy - 4 * s, cx + faceW + 3 * s, cy + (6 + 20 * hairLength) * s, hair);
        c.FillRect(cx - 6 * s, cy + faceH - 4 * s, cx + 6 * s, size, Mix(skin, (0, 0, 0), 0.15));
        c.FillRect(cx - 20 * s, size - 6 * s, cx + 20 * s, size, Mix((60, 80, 140), (140, 60, 60), rng.NextDouble()));
        var square = f.Masculinity;
        c.FillWhere(cx, cy, Math.Max(faceW, faceH) + 1, (dx, dy) =>
        {
            var u = dx / faceW;
            var v = dy / faceH;
            // Blend an ellipse and a rounded rectangle below the eyes: masculine jaws are squarer.
            var ellipse = u * u + v * v <= 1;
            var box = v > 0 && Math.Abs(u) <= 0.92 - 0.25 * v * v && v <= 0.95;
            return ellipse || (square > 0.5 && box);
        }, skin);
        c.FillEllipse(cx - faceW, cy + 1 * s, 2.2 * s, 3.5 * s, skin);
        c.FillEllipse(cx + faceW, cy + 1 * s, 2.2 * s, 3.5 * s, skin);

        // Hair on top.
        c.FillWhere(cx, cy - faceH * 0.55, faceW + 2 * s, (dx, dy) =>
        {
            var u = dx / (faceW + 1.5 * s);
            var v = dy / (faceH * 0.6);
            return u * u + v * v <= 1 && dy < 0.1 * faceH;
        }, hair);

        // Eyes, brows, nose, mouth.
        var eyeDx = (5.5 + rng.Uniform(-0.8, 0.8) + 0.8 * f.Build) * s;
        var eyeY = cy - 1 * s;
        var iris = Mix((60, 40, 20), (60, 110, 160), rng.NextDouble());
        foreach (var sign in new[] { -1, 1 })
        {
            c.FillEllipse(cx + sign * eyeDx, eyeY, 2.6 * s, 1.6 * s, (250, 250, 250));
            c.FillEllipse(cx + sign * eyeDx, eyeY, 1.2 * s, 1.2 * s, iris);
            var brow = (0.8 + 1.6 * f.Masculinity) * s;
            c.Line(cx + sign * (eyeDx - 3 * s), eyeY - 3.5 * s, cx + sign * (eyeDx + 3 * s), eyeY - 3.8 * s - 0.5 * s, brow, Mix(hairBase, (0, 0, 0), 0.3));
        }
        c.Line(cx, eyeY + 1 * s, cx - 1 * s, cy + 6 * s, 1.2 * s, Mix(skin, (0, 0, 0), 0.3));
        var mouthW = (3.5 + rng.Uniform(-0.8, 0.8) + 0.8 * f.Masculinity) * s;
        var lips = Mix((190, 80, 80), Mix(skin, (0, 0, 0), 0.35), f.Masculinity);
        c.Line(cx - mouthW, cy + 10 * s, cx + mouthW, cy + 10 * s, 1.6 * s, lips);
        if (f.Age > 0.6)
            for (var k = 0; k < 2; k++)
                c.Line(cx - 6 * s, cy - 8.5 * s - 1.5 * k * s, cx + 6 * s, cy - 8.5 * s - 1.5 * k * s, 0.6 * s, Mix(skin, (0, 0, 0), 0.25));
        if (f.Masculinity > 0.6 && rng.Chance(0.5))
            c.FillWhere(cx, cy + faceH * 0.75, faceW, (dx, dy) =>
            {
                var u = dx / (faceW * 0.85);
                var v = dy / (faceH * 0.3);
                return u * u + v * v <= 1 && Math.Abs(dy + faceH * 0.75 - 10 * s) > 1.2 * s;
            }, Mix(hair, skin, 0.2));
        return c.Pixels;
    }

    private static (byte R, byte G, byte B) Mix((byte R, byte G, byte B) a, (byte R, byte G, byte B) b, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return ((byte)Math.Round(a.R + (b.R - a.R) * t), (byte)Math.Round(a.G + (b.G - a.G) * t), (byte)Math.Round(a.B + (b.B - a.B) * t));
    }
}
