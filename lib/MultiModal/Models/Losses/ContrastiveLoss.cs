using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Losses;

/// <summary>Which negatives a <see cref="ContrastiveLoss"/> sums over.</summary>
public enum NegativeSampling
{
    /// <summary>Every negative in the batch (the sum of hinges of Kiros et al. 2014, "VSE").</summary>
    All,
    /// <summary>Only the hardest negative of each pair (the max of hinges of Faghri et al. 2018, "VSE++").</summary>
    Hardest,
}

/// <summary>
/// The hinge-based triplet ranking loss of a joint embedding space (metric learning): matched pairs (aᵢ, bᵢ) of a batch
/// must be more similar than every mismatched pair by a margin α, in both directions. With s the cosine similarity of
/// L2-normalised embeddings,
/// <code>
/// VSE   (All):     Σ_{j≠i} [α − s(aᵢ, bᵢ) + s(aᵢ, bⱼ)]₊ + Σ_{j≠i} [α − s(aᵢ, bᵢ) + s(aⱼ, bᵢ)]₊
/// VSE++ (Hardest): max_{j≠i} [α − s(aᵢ, bᵢ) + s(aᵢ, bⱼ)]₊ + max_{j≠i} [α − s(aᵢ, bᵢ) + s(aⱼ, bᵢ)]₊
/// </code>
/// averaged over the batch. The sum is dominated by many easy negatives once training is under way; the max looks only
/// at the one negative that is currently the worst violation, which is what retrieval (R@1) cares about.
/// </summary>
public static class ContrastiveLoss
{
    /// <summary>The loss, a scalar (shape []).</summary>
    /// <param name="a">(batch, dim) embeddings of one modality (e.g. images); row i matches row i of <paramref name="b"/>.</param>
    /// <param name="b">(batch, dim) embeddings of the other (e.g. tags); they are L2-normalised here.</param>
    /// <param name="margin">α, e.g. 0.2.</param>
    /// <param name="negatives">Sum over all negatives (VSE) or the hardest only (VSE++).</param>
    /// <param name="alsoMatching">Optional (batch, batch) bool: true where aᵢ and bⱼ also belong together although i ≠ j
    /// (two images with the same tags, an image that carries every tag of another pair's tag set). Such pairs are not
    /// negatives and are left out of both directions; the diagonal always is.</param>
    public static Tensor Loss(Tensor a, Tensor b, double margin = 0.2, NegativeSampling negatives = NegativeSampling.Hardest, Tensor? alsoMatching = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.dim() != 2 || b.dim() != 2 || a.shape[0] != b.shape[0] || a.shape[1] != b.shape[1])
            throw new ArgumentException($"expected two embedding batches of the same shape [batch, dim] (row i of one matches row i of the other), got {a.ShapeText()} and {b.ShapeText()}.", nameof(b));
        if (a.shape[0] < 2) throw new ArgumentException($"a contrastive loss needs at least 2 pairs in the batch (the other pairs are the negatives), got {a.shape[0]}.", nameof(a));
        if (!(margin >= 0)) throw new ArgumentOutOfRangeException(nameof(margin), margin, "the margin α must be ≥ 0 (e.g. 0.2).");
        var s = nn.functional.normalize(a, dim: 1).matmul(nn.functional.normalize(b, dim: 1).T); // (batch, batch): s[i, j] = s(aᵢ, bⱼ)
        var positive = s.diagonal().unsqueeze(1);                                                   // (batch, 1): s(aᵢ, bᵢ)
        if (alsoMatching is not null && (alsoMatching.dtype != ScalarType.Bool || !alsoMatching.shape.SequenceEqual(s.shape)))
            throw new ArgumentException($"alsoMatching must be a bool matrix of shape {s.ShapeText()} (true where aᵢ and bⱼ belong together), got {alsoMatching.ShapeText()} of {alsoMatching.dtype}.", nameof(alsoMatching));
        var offDiagonal = ones_like(s).sub(eye(s.shape[0], dtype: s.dtype, device: s.device));     // (batch, batch): 1 off the diagonal
        if (alsoMatching is not null) offDiagonal = offDiagonal * alsoMatching.logical_not().to(s.dtype); // (batch, batch): 1 for true negatives only
        var aToB = positive.SubtractedFrom(margin).Plus(s).clamp_min(Constant(0L)) * offDiagonal;                   // (batch, batch): row i, negatives bⱼ
        var bToA = positive.T.SubtractedFrom(margin).Plus(s).clamp_min(Constant(0L)) * offDiagonal;                   // (batch, batch): column i, negatives aⱼ (entry [j, i] pairs aⱼ with bᵢ)
        var perPair = negatives == NegativeSampling.Hardest
            ? aToB.amax(1).Plus(bToA.amax(0))                                                        // (batch)
            : aToB.sum(dim: 1).Plus(bToA.sum(dim: 0));                                                // (batch); sum(0) would bind to sum(ScalarType)
        return perPair.mean();                                                                     // []
    }
}
