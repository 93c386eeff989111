using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Losses;

/// <summary>
/// The cosine loss with margin of im2recipe (Salvador et al. 2017): matched pairs are pulled to cosine 1, mismatched
/// pairs pushed below a margin,
/// <code>
/// L(a, b) = 1 − cos(a, b)               for a matched pair
///           max(0, cos(a, b) − margin)  for a mismatched pair
/// </code>
/// averaged over the pairs — PyTorch's <c>CosineEmbeddingLoss</c>, which the paper used. Unlike
/// <see cref="ContrastiveLoss"/> it looks at each pair on its own; the caller decides which pairs are mismatched
/// (im2recipe: 80 % of a batch's pairs are shuffled into mismatches).
/// </summary>
public static class CosineEmbeddingLoss
{
    /// <summary>The loss, a scalar (shape []).</summary>
    /// <param name="a">(batch, dim) embeddings of one modality.</param>
    /// <param name="b">(batch, dim) embeddings of the other.</param>
    /// <param name="matched">(batch) bool: true where (aᵢ, bᵢ) belong together.</param>
    /// <param name="margin">The cosine below which a mismatched pair costs nothing (im2recipe: 0.1).</param>
    public static Tensor Loss(Tensor a, Tensor b, Tensor matched, double margin = 0.1)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(matched);
        if (a.dim() != 2 || !a.shape.SequenceEqual(b.shape))
            throw new ArgumentException($"expected two embedding batches of the same shape [batch, dim], got {a.ShapeText()} and {b.ShapeText()}.", nameof(b));
        if (matched.dim() != 1 || matched.shape[0] != a.shape[0] || matched.dtype != ScalarType.Bool)
            throw new ArgumentException($"expected one bool per pair, shape [{a.shape[0]}] (true = matched), got {matched.ShapeText()} of {matched.dtype}.", nameof(matched));
        if (margin is < -1 or > 1) throw new ArgumentOutOfRangeException(nameof(margin), margin, "the margin is a cosine: between −1 and 1 (im2recipe uses 0.1).");
        var cos = nn.functional.cosine_similarity(a, b, dim: 1);                  // (batch)
        var pull = cos.SubtractedFrom(1.0);                                                 // (batch): matched pairs
        var push = (cos - Constant(margin)).clamp_min(Constant(0L));                                   // (batch): mismatched pairs
        return where(matched, pull, push).mean();                                 // []
    }
}
