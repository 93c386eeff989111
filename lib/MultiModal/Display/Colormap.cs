using SixLabors.ImageSharp.PixelFormats;

namespace MultiModal.Display;

/// <summary>
/// A colour scale for heatmaps (spectrograms, attention maps): maps t in [0, 1] to a colour by linear
/// interpolation between anchor colours sampled from the published matplotlib maps.
/// </summary>
public sealed class Colormap
{
    private readonly Rgba32[] _anchors;

    private Colormap(string name, params uint[] rgb)
    {
        Name = name;
        _anchors = rgb.Select(c => new Rgba32((byte)(c >> 16), (byte)(c >> 8), (byte)c)).ToArray();
    }

    /// <summary>The map's name.</summary>
    public string Name { get; }

    /// <summary>matplotlib's viridis (dark blue → green → yellow), perceptually uniform; the default.</summary>
    public static Colormap Viridis { get; } = new("viridis", 0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725);

    /// <summary>matplotlib's magma (black → purple → orange → light yellow), common for spectrograms.</summary>
    public static Colormap Magma { get; } = new("magma", 0x000004, 0x180F3D, 0x440F76, 0x721F81, 0x9E2F7F, 0xCD4071, 0xF1605D, 0xFD9668, 0xFECA8D, 0xFCFDBF);

    /// <summary>Black → white.</summary>
    public static Colormap Gray { get; } = new("gray", 0x000000, 0xFFFFFF);

    /// <summary>The colour at t (clamped to [0, 1]; NaN gives mid-grey).</summary>
    public Rgba32 Map(double t)
    {
        if (double.IsNaN(t)) return new Rgba32(128, 128, 128);
        t = Math.Clamp(t, 0, 1) * (_anchors.Length - 1);
        var i = Math.Min((int)t, _anchors.Length - 2);
        var f = t - i;
        var a = _anchors[i];
        var b = _anchors[i + 1];
        return new Rgba32((byte)Math.Round(a.R + (b.R - a.R) * f), (byte)Math.Round(a.G + (b.G - a.G) * f), (byte)Math.Round(a.B + (b.B - a.B) * f));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
