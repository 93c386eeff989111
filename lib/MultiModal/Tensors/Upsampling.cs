using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Tensors;

/// <summary>
/// Bilinear upsampling of small maps (attention weights, localisation scores) to image size, with half-pixel centres
/// and clamped borders — PyTorch's <c>interpolate(mode: bilinear, align_corners: false)</c>: output pixel (y, x)
/// samples the map at ((y + ½)·h/size − ½, (x + ½)·w/size − ½). A constant map stays constant, and the result is
/// smooth, so a picture shows where a map is high rather than its coarse blocks. The one implementation that the
/// overlays draw and the metrics score.
/// </summary>
public static class Upsampling
{
    /// <summary>
    /// Upsamples one map (h, w) → (size, size) or a stack of maps (n, h, w) → (n, size, size); float32, detached.
    /// </summary>
    /// <param name="maps">(h, w) or (n, h, w) values.</param>
    /// <param name="size">Output side in pixels (the image size, e.g. 64).</param>
    public static Tensor Bilinear(Tensor maps, int size)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.dim() is not (2 or 3))
            throw new ArgumentException($"expected one map of shape [h, w] or maps of shape [n, h, w], got {maps.ShapeText()}.", nameof(maps));
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "The output size must be at least 1 pixel.");
        var single = maps.dim() == 2;
        var batched = (single ? maps.unsqueeze(0) : maps).detach().to(float32).unsqueeze(1);   // (n, 1, h, w)
        var up = nn.functional.interpolate(batched, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false); // (n, 1, size, size)
        var result = up.squeeze(1);                                                              // (n, size, size)
        return single ? result.squeeze(0) : result;                                              // (size, size) or (n, size, size)
    }
}
