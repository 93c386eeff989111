using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Metrics;

/// <summary>
/// The pointing game (Zhang et al. 2016, <i>Top-down Neural Attention by Excitation Backprop</i>): for every generated
/// word that names an object, is the <b>peak</b> of the word's attention map on that object? A hit or a miss per word,
/// so it ignores how much of the attention lies elsewhere — unlike <see cref="AttentionCorrectness"/>, which measures the
/// share of the attention mass on the object. The peak is the grid cell with the largest weight; the cell covers a block
/// of image pixels (an 8×8 block for an 8×8 map over a 64×64 image), and it counts as "on the object" when at least
/// <c>minCoverage</c> of that block lies inside the object's ground-truth mask (default ½: the cell is mostly object).
/// Words that name no object (null mask) are skipped. A pure function of maps and masks.
/// </summary>
public static class PointingGame
{
    /// <summary>
    /// Scores one caption.
    /// </summary>
    /// <param name="maps">(words, h, w) attention maps, one per generated word (e.g. <c>Caption.Attention</c>).</param>
    /// <param name="masks">One entry per word: the (H, W) mask (bool, or numbers where &gt; 0.5 is inside) of the object the
    /// word names, at image resolution (H, W at least h, w), or null when the word names no object.</param>
    /// <param name="minCoverage">Fraction of the peak cell's pixels that must lie inside the mask, in (0, 1].</param>
    public static PointingGameResult Evaluate(Tensor maps, IReadOnlyList<Tensor?> masks, double minCoverage = 0.5)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(masks);
        if (maps.dim() != 3) throw new ArgumentException($"expected attention maps of shape [words, h, w], got {maps.ShapeText()}.", nameof(maps));
        if (masks.Count != maps.shape[0])
            throw new ArgumentException($"expected one mask (or null) per word: {maps.shape[0]} attention maps but {masks.Count} masks.", nameof(masks));
        if (!(minCoverage > 0 && minCoverage <= 1)) throw new ArgumentOutOfRangeException(nameof(minCoverage), minCoverage, "minCoverage must be in (0, 1].");
        var perWord = new bool?[masks.Count];
        for (var i = 0; i < masks.Count; i++)
            if (masks[i] is { } mask) perWord[i] = Coverage(maps[i], mask) >= minCoverage;
        return new PointingGameResult(perWord);
    }

    /// <summary>The (row, column) of the largest weight of a (h, w) map (first one on ties).</summary>
    public static (int Row, int Column) Peak(Tensor map)
    {
        if (map.dim() != 2) throw new ArgumentException($"expected one attention map of shape [h, w], got {map.ShapeText()}.", nameof(map));
        var flat = (int)map.flatten().argmax().item<long>();
        var w = (int)map.shape[1];
        return (flat / w, flat % w);
    }

    /// <summary>
    /// Fraction of the pixels under the peak cell of <paramref name="map"/> (h, w) that lie inside <paramref name="mask"/> (H, W).
    /// Cell (r, c) covers rows ⌊r·H/h⌋ … ⌊(r+1)·H/h⌋ − 1 and the same for columns.
    /// </summary>
    public static double Coverage(Tensor map, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.dim() != 2) throw new ArgumentException($"expected an object mask of shape [H, W], got {mask.ShapeText()}.", nameof(mask));
        var (h, w) = ((int)map.shape[0], (int)map.shape[1]);
        var (bigH, bigW) = ((int)mask.shape[0], (int)mask.shape[1]);
        if (bigH < h || bigW < w)
            throw new ArgumentException($"the mask [{bigH}, {bigW}] is smaller than the attention grid [{h}, {w}]; give masks at image resolution.", nameof(mask));
        var (r, c) = Peak(map);
        var inside = (mask.dtype == ScalarType.Bool ? mask : mask.gt(Constant(0.5)))
            [(r * bigH / h)..((r + 1) * bigH / h), (c * bigW / w)..((c + 1) * bigW / w)];   // the peak cell's pixels
        return inside.to(float64).mean().item<double>();
    }
}
