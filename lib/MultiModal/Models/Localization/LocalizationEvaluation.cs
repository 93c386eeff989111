using MultiModal.Metrics;
using MultiModal.Training;
using static TorchSharp.torch;

namespace MultiModal.Models.Localization;

/// <summary>
/// Heatmaps of a set of clips scored against the sounding objects' masks (<see cref="SoundLocalization"/>): the cIoU of
/// every clip, the success rate at cIoU ≥ 0.5 and the AUC. <see cref="Run"/> scores a model; <see cref="WholeImage"/> and
/// <see cref="Centre"/> score the two maps that need no model, <see cref="GridOracle"/> the best a coarse map can do.
/// </summary>
/// <param name="Name">What made the heatmaps.</param>
/// <param name="Heatmaps">(clips, g, g) the maps, or (clips, H, W) for the baselines; the caller disposes them.</param>
/// <param name="Cious">One cIoU per clip.</param>
public sealed record LocalizationEvaluation(string Name, Tensor Heatmaps, double[] Cious)
{
    /// <summary>The share of clips with cIoU ≥ 0.5.</summary>
    public double SuccessRate => SoundLocalization.SuccessRate(Cious);

    /// <summary>The area under the success-rate curve over cIoU thresholds.</summary>
    public double Auc => SoundLocalization.Auc(Cious);

    /// <summary>The mean cIoU.</summary>
    public double MeanCiou => Cious.Average();

    /// <summary>
    /// The localisation response of <paramref name="model"/> for every clip — its attention α over the cells
    /// (<see cref="SoundLocalizer.Attend"/>), as Senocak et al. score it — in evaluation mode, without gradients, scored.
    /// </summary>
    public static LocalizationEvaluation Run(SoundLocalizer model, LocalizationClips clips, string name = "sound localiser", int batchSize = 100)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(clips);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        var parts = new List<Tensor>();
        using (EvalScope.Of(model))
            for (var i = 0; i < clips.Count; i += batchSize)
            {
                using var scope = NewDisposeScope();
                var rows = Enumerable.Range(i, Math.Min(batchSize, clips.Count - i)).Select(r => (long)r).ToArray();
                var (f, l, _) = clips.Take(rows);                                                  // (n, c, g, g), (n, 64, frames)
                var (_, alpha) = model.Attend(f, l);                                               // (n, g, g), each sums to 1
                parts.Add(alpha.MoveToOuterDisposeScope());                                         // (n, g, g)
            }
        var maps = cat(parts, 0);                                                                  // (clips, g, g)
        foreach (var p in parts) p.Dispose();
        return new LocalizationEvaluation(name, maps, SoundLocalization.Ciou(maps, clips.Masks));
    }

    /// <summary>The whole-image baseline: a flat map marks every pixel (cIoU = the object's share of the image).</summary>
    public static LocalizationEvaluation WholeImage(LocalizationClips clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var maps = ones([clips.Count, 1, 1]);                                                       // (clips, 1, 1) flat
        return new LocalizationEvaluation("whole image", maps, SoundLocalization.Ciou(maps, clips.Masks));
    }

    /// <summary>
    /// The ceiling of a <paramref name="grid"/>×<paramref name="grid"/> map: each cell scores the share of it the sounding
    /// object covers (the map knows the answer and is limited only by its resolution, upsampled and binarised as every map is).
    /// </summary>
    public static LocalizationEvaluation GridOracle(LocalizationClips clips, int grid)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var size = clips.Masks.shape[1];
        if (grid < 1 || size % grid != 0)
            throw new ArgumentOutOfRangeException(nameof(grid), grid, $"the grid must divide the {size}-pixel mask (e.g. 8 for an 8×8 feature map).");
        using var masks = clips.Masks.unsqueeze(1);                                                   // (clips, 1, H, W)
        using var pooled = nn.functional.avg_pool2d(masks, size / grid);                             // (clips, 1, g, g)
        var maps = pooled.squeeze(1);                                                                // (clips, g, g)
        return new LocalizationEvaluation($"{grid}×{grid} oracle", maps, SoundLocalization.Ciou(maps, clips.Masks));
    }

    /// <summary>The centre baseline: a Gaussian bump in the middle of the image (σ = a quarter of its side).</summary>
    public static LocalizationEvaluation Centre(LocalizationClips clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        var size = (int)clips.Masks.shape[1];
        var c = (size - 1) / 2.0;
        var sigma = size / 4.0;
        var bump = Enumerable.Range(0, size * size).Select(k => (float)Math.Exp(-(Math.Pow(k / size - c, 2) + Math.Pow(k % size - c, 2)) / (2 * sigma * sigma))).ToArray();
        using var one = tensor(bump, [1, size, size]);                                               // (1, size, size)
        var maps = one.expand(clips.Count, size, size).contiguous();                                 // (clips, size, size)
        return new LocalizationEvaluation("centre", maps, SoundLocalization.Ciou(maps, clips.Masks));
    }
}
