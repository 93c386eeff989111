using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Metrics;

/// <summary>
/// Attention correctness as Liu et al. (2017, <i>Attention Correctness in Neural Image Captioning</i>) define it: for a
/// word that names an object, the share of the word's attention that falls inside the object's ground-truth region,
/// <code>
/// AC = Σ_{i ∈ R} α̂ᵢ      α̂ = the attention map resized to the image and normalised to sum 1, R = the region's pixels
/// </code>
/// averaged over the words that name an object — a soft measure in [0, 1] ("the sum of attention weights generated for
/// ground truth regions", Zhang et al. 2018). A map spread evenly over the image scores the region's share of the
/// image (<see cref="Chance"/>); only a map whose whole mass lies on the object scores 1. The map is resized bilinearly
/// (<see cref="Upsampling.Bilinear"/>, as the overlays draw it); Liu et al. resize with a Gaussian-smoothed upsampling,
/// and use bounding boxes where our world has exact masks. Compare the <see cref="PointingGame"/>, which asks only
/// whether the peak lies on the object. A pure function of maps and masks.
/// </summary>
public static class AttentionCorrectness
{
    /// <summary>
    /// Scores one caption.
    /// </summary>
    /// <param name="maps">(words, h, w) non-negative attention maps, one per generated word (e.g. <c>Caption.Attention</c>).</param>
    /// <param name="masks">One entry per word: the (H, W) mask (bool, or numbers where &gt; 0.5 is inside) of the object the
    /// word names, at image resolution (H, W at least h, w; square, as the world's images), or null when it names no object.</param>
    public static AttentionCorrectnessResult Evaluate(Tensor maps, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(masks);
        if (maps.dim() != 3) throw new ArgumentException($"expected attention maps of shape [words, h, w], got {maps.ShapeText()}.", nameof(maps));
        if (masks.Count != maps.shape[0])
            throw new ArgumentException($"expected one mask (or null) per word: {maps.shape[0]} attention maps but {masks.Count} masks.", nameof(masks));
        var perWord = new double?[masks.Count];
        using var scope = NewDisposeScope();
        Tensor? resized = null;                                               // (words, H, W), upsampled once for the whole caption
        for (var i = 0; i < masks.Count; i++)
        {
            if (masks[i] is not { } mask) continue;
            CheckMask(maps[i], mask);
            resized ??= Resize(maps, mask);
            perWord[i] = resized.shape[1] == mask.shape[0] ? MassOfResized(resized[i], mask) : Mass(maps[i], mask);
        }
        return new AttentionCorrectnessResult(perWord);
    }

    /// <summary>
    /// The share of one map's attention inside a mask: the (h, w) map is resized bilinearly to the mask's (H, W),
    /// negative values are clipped to 0, the result is normalised to sum 1, and the weights inside the mask are added up.
    /// An all-zero map has no attention anywhere and scores 0.
    /// </summary>
    public static double Mass(Tensor map, Tensor mask)
    {
        CheckMask(map, mask);
        using var scope = NewDisposeScope();
        return MassOfResized(Resize(map.unsqueeze(0), mask)[0], mask);
    }

    private static void CheckMask(Tensor map, Tensor mask)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(mask);
        if (map.dim() != 2) throw new ArgumentException($"expected one attention map of shape [h, w], got {map.ShapeText()}.", nameof(map));
        if (mask.dim() != 2) throw new ArgumentException($"expected an object mask of shape [H, W], got {mask.ShapeText()}.", nameof(mask));
        if (mask.shape[0] != mask.shape[1])
            throw new ArgumentException($"expected a square mask (the world's images are square), got {mask.ShapeText()}.", nameof(mask));
        if (mask.shape[0] < map.shape[0] || mask.shape[1] < map.shape[1])
            throw new ArgumentException($"the mask {mask.ShapeText()} is smaller than the attention map {map.ShapeText()}; give masks at image resolution.", nameof(mask));
    }

    // (n, h, w) maps → (n, H, W) float64 at the mask's resolution, negative weights clipped to 0.
    private static Tensor Resize(Tensor maps, Tensor mask) =>
        (maps.shape[1] == mask.shape[0] && maps.shape[2] == mask.shape[1] ? maps.detach().to(float64)
            : Upsampling.Bilinear(maps, (int)mask.shape[0]).to(float64)).clamp_min(Constant(0L));      // (n, H, W)

    // The share of a resized (H, W) map's total inside the mask; 0 for a map with no weight.
    private static double MassOfResized(Tensor resized, Tensor mask)
    {
        var inside = (mask.dtype == ScalarType.Bool ? mask : mask.gt(Constant(0.5))).to(float64);    // (H, W)
        var sums = stack([resized.sum(), (resized * inside).sum()]).data<double>().ToArray(); // [total, inside], one read
        return sums[0] > 0 ? sums[1] / sums[0] : 0;
    }

    /// <summary>
    /// The score of attention spread evenly over the image: for every word that names an object, the object's share of
    /// the image's pixels, averaged like <see cref="AttentionCorrectnessResult.Score"/> — the chance level of this measure.
    /// </summary>
    public static AttentionCorrectnessResult Chance(IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        var perWord = new double?[masks.Count];
        for (var i = 0; i < masks.Count; i++)
            if (masks[i] is { } mask)
            {
                using var scope = NewDisposeScope();
                perWord[i] = (mask.dtype == ScalarType.Bool ? mask : mask.gt(Constant(0.5))).to(float64).mean().item<double>();
            }
        return new AttentionCorrectnessResult(perWord);
    }

    /// <summary>
    /// The best score any (gridSize × gridSize) map can reach on each word's mask — the ceiling of this measure for maps
    /// of that size. The score is a ratio of two linear functions of the map's weights (mass inside the mask over total
    /// mass, both after the same linear upsampling), so its maximum over all non-negative maps is reached by putting all
    /// the weight on one cell: the ceiling is the best single cell. Objects smaller than a few cells cannot score 1,
    /// however well a model looks: bilinear upsampling spreads every cell over its neighbours.
    /// </summary>
    /// <param name="masks">One (H, W) square mask per word, or null for words that name no object.</param>
    /// <param name="gridSize">Side of the attention maps (8 for the course's encoder).</param>
    public static AttentionCorrectnessResult Ceiling(IReadOnlyList<Tensor?> masks, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(masks);
        if (gridSize < 1) throw new ArgumentOutOfRangeException(nameof(gridSize), gridSize, "gridSize must be at least 1.");
        var perWord = new double?[masks.Count];
        using var scope = NewDisposeScope();
        for (var i = 0; i < masks.Count; i++)
        {
            if (masks[i] is not { } mask) continue;
            if (mask.dim() != 2 || mask.shape[0] != mask.shape[1] || mask.shape[0] < gridSize)
                throw new ArgumentException($"expected a square mask at image resolution (at least {gridSize}×{gridSize}), got {mask.ShapeText()}.", nameof(masks));
            var (cells, totals) = OneHotCells(gridSize, (int)mask.shape[0]);                           // (cells, H, W), (cells)
            var inside = (mask.dtype == ScalarType.Bool ? mask : mask.gt(Constant(0.5))).to(float64);           // (H, W)
            perWord[i] = (cells.matmul(inside.flatten()) / totals).max().item<double>();              // best cell's share
        }
        return new AttentionCorrectnessResult(perWord);
    }

    private static readonly Dictionary<(int Grid, int Size), (Tensor Cells, Tensor Totals)> OneHotCache = [];

    // Every one-hot (grid × grid) map upsampled to (size × size), flattened: (cells, size²), and each one's total mass.
    // Computed once per grid and size and kept for the process (outside any dispose scope).
    private static (Tensor Cells, Tensor Totals) OneHotCells(int grid, int size)
    {
        lock (OneHotCache)
        {
            if (OneHotCache.TryGetValue((grid, size), out var cached)) return cached;
            using var scope = NewDisposeScope();
            var oneHot = eye(grid * grid).reshape(grid * grid, grid, grid);                          // (cells, g, g)
            var cells = Upsampling.Bilinear(oneHot, size).to(float64).reshape(grid * grid, size * size); // (cells, size²)
            var totals = cells.sum(1);                                                               // (cells)
            return OneHotCache[(grid, size)] = (cells.DetachFromDisposeScope(), totals.DetachFromDisposeScope());
        }
    }
}
