using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Metrics;

/// <summary>
/// How well a sound-localisation heatmap finds the object that sounds (Senocak et al. 2018, <i>Learning to Localize Sound
/// Source in Visual Scenes</i>, §5): the <b>consensus IoU</b> of the binarised map with the ground truth, then over a test
/// set the <b>success rate</b> (the fraction of clips with cIoU ≥ 0.5) and the <b>AUC</b> of the success rate over
/// cIoU thresholds 0, 0.05, …, 1.
/// <code>
/// ŝ      = (s − min s) / (max s − min s)              the map, upsampled (bilinear) to the image, scaled to [0, 1]
/// A(τ)   = { i : ŝ_i ≥ τ }                            the pixels the map marks (τ = 0.5)
/// cIoU   = Σ_{i∈A} g_i / ( Σ_i g_i + |A \ G| )        G = { i : g_i &gt; 0 }, g_i ∈ [0, 1] the annotators' agreement
/// success = mean_clips [cIoU ≥ 0.5]      AUC = ∫₀¹ mean_clips [cIoU ≥ t] dt   (trapezoids at t = k/20)
/// </code>
/// With a 0/1 mask (the world's sounding-object masks) cIoU is the plain IoU |A ∩ G| / |A ∪ G|. A constant map has no
/// preference and marks every pixel: the <i>whole-image</i> baseline. Deviations from the published evaluation code:
/// the thresholds are k/20 exactly (the code's 0.05·k misses a cIoU of exactly 0.3 by one rounding), and τ is a
/// parameter (the original scales maps to [0, 1] and uses 0.5; some later papers binarise at the map's median instead).
/// </summary>
public static class SoundLocalization
{
    /// <summary>The cIoU a clip needs to count as a success (Senocak et al.: 0.5).</summary>
    public const double SuccessThreshold = 0.5;

    /// <summary>
    /// The cIoU of every clip: <paramref name="heatmaps"/> (batch, h, w) — any real scores, e.g. cosine similarities —
    /// are upsampled bilinearly to the masks' size, scaled to [0, 1] per clip and binarised at <paramref name="threshold"/>;
    /// <paramref name="masks"/> (batch, H, W) hold g_i in [0, 1] (0/1 for a binary mask).
    /// </summary>
    /// <returns>One cIoU in [0, 1] per clip.</returns>
    /// <exception cref="ArgumentException">Shapes that do not pair up, a mask outside [0, 1] or an empty mask, a map with NaN or ∞.</exception>
    public static double[] Ciou(Tensor heatmaps, Tensor masks, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(heatmaps);
        ArgumentNullException.ThrowIfNull(masks);
        if (heatmaps.dim() != 3) throw new ArgumentException($"expected heatmaps of shape [batch, h, w], got {heatmaps.ShapeText()}.", nameof(heatmaps));
        if (masks.dim() != 3) throw new ArgumentException($"expected ground-truth masks of shape [batch, H, W], got {masks.ShapeText()}.", nameof(masks));
        if (heatmaps.shape[0] != masks.shape[0])
            throw new ArgumentException($"expected one mask per heatmap: {heatmaps.shape[0]} heatmaps but {masks.shape[0]} masks.", nameof(masks));
        if (masks.shape[1] < heatmaps.shape[1] || masks.shape[2] < heatmaps.shape[2])
            throw new ArgumentException($"the masks {masks.ShapeText()} are smaller than the heatmaps {heatmaps.ShapeText()}; give masks at image resolution.", nameof(masks));
        if (!(threshold > 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be in (0, 1] (it applies to the map scaled to [0, 1]).");
        using var scope = NewDisposeScope();
        var s = heatmaps.to(ScalarType.Float64).cpu();                                                     // (b, h, w)
        if (!s.isfinite().all().item<bool>()) throw new ArgumentException("a heatmap holds NaN or infinity; the model that made it has diverged or was given silent input it cannot normalise.", nameof(heatmaps));
        var g = masks.to(ScalarType.Float64).cpu();                                                        // (b, H, W)
        if ((g.lt(Constant(0)).any().item<bool>()) || g.gt(Constant(1)).any().item<bool>())
            throw new ArgumentException("mask values must lie in [0, 1] (g_i, the annotators' agreement; 0/1 for a binary mask).", nameof(masks));
        var mass = g.sum([1, 2]);                                                                          // (b) Σ_i g_i
        if (mass.le(Constant(0)).any().item<bool>())
            throw new ArgumentException("a ground-truth mask is empty: cIoU is undefined for a clip in which nothing sounds.", nameof(masks));
        var (bigH, bigW) = (masks.shape[1], masks.shape[2]);
        var up = nn.functional.interpolate(s.unsqueeze(1), [bigH, bigW], mode: InterpolationMode.Bilinear, align_corners: false).squeeze(1); // (b, H, W)
        var low = up.amin([1, 2], keepdim: true);                                                          // (b, 1, 1)
        var range = up.amax([1, 2], keepdim: true) - low;                                                  // (b, 1, 1)
        var scaled = (up - low) / range.clamp_min(Constant(1e-300));                                       // (b, H, W) ŝ in [0, 1]
        var marked = scaled.ge(Constant(threshold)).logical_or(range.eq(Constant(0))).to(ScalarType.Float64); // (b, H, W) A(τ); a flat map marks all
        var inside = (marked * g).sum([1, 2]);                                                             // (b) Σ_{i∈A} g_i
        var outside = (marked * g.eq(Constant(0)).to(ScalarType.Float64)).sum([1, 2]);                     // (b) |A \ G|
        return (inside / mass.Plus(outside)).data<double>().ToArray();                                     // (b)
    }

    /// <summary>The fraction of clips whose cIoU is at least <paramref name="at"/> (the success rate; default 0.5).</summary>
    public static double SuccessRate(IReadOnlyList<double> cious, double at = SuccessThreshold)
    {
        Check(cious);
        return cious.Count(c => c >= at) / (double)cious.Count;
    }

    /// <summary>
    /// The area under the success-rate curve: the success rate at cIoU thresholds t = k/20 (k = 0 … 20), integrated over
    /// t ∈ [0, 1] by trapezoids — close to the mean cIoU, and 1 only when every clip is localised perfectly.
    /// </summary>
    public static double Auc(IReadOnlyList<double> cious)
    {
        Check(cious);
        var area = 0.0;
        var previous = SuccessRate(cious, 0);
        for (var k = 1; k <= 20; k++)
        {
            var current = SuccessRate(cious, k / 20.0);
            area += (previous + current) / 2 / 20;                                                         // one trapezoid of width 1/20
            previous = current;
        }
        return area;
    }

    private static void Check(IReadOnlyList<double> cious)
    {
        ArgumentNullException.ThrowIfNull(cious);
        if (cious.Count == 0) throw new ArgumentException("no clips to score.", nameof(cious));
        if (cious.Any(c => !(c >= 0 && c <= 1))) throw new ArgumentException("every cIoU must lie in [0, 1].", nameof(cious));
    }
}
