using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Losses;

/// <summary>
/// Supervised attention (Liu et al., 2017, <i>Attention Correctness in Neural Image Captioning</i>): for every step
/// whose output names something that has a ground-truth location, the cross-entropy between the ground-truth attention
/// g (e.g. an object's share of each grid cell) and the model's attention map sₜ,
/// <code>
/// L = (1 / #supervised steps) · Σ_supervised steps  −Σᵢ gₜᵢ log sₜᵢ
/// </code>
/// Steps whose target row is all zeros (a word that names nothing) are not supervised. Query-neutral: any model that
/// attends over positions (captioning, VQA, localisation) can be taught where to look with it.
/// </summary>
public static class AttentionSupervision
{
    /// <summary>The loss, a scalar (shape []); 0 when no step is supervised.</summary>
    /// <param name="attention">(batch, steps, positions): the attention of every step, each row summing to 1.</param>
    /// <param name="targets">(batch, steps, positions): ground-truth attention rows summing to 1, or all zeros.</param>
    public static Tensor Loss(Tensor attention, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(targets);
        if (!attention.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"attention targets must have the attention's shape {attention.ShapeText()} (batch, steps, positions), got {targets.ShapeText()}.", nameof(targets));
        var supervised = targets.sum(2).gt(Constant(0L)).to(attention.dtype);           // (batch, steps): 1 where the step is supervised
        var crossEntropy = -(targets * attention.clamp_min(Constant(1e-8)).log()).sum(2); // (batch, steps)
        return crossEntropy.sum() / supervised.sum().clamp_min(Constant(1L));            // []
    }
}
