using MultiModal.Models.Losses;

namespace MultiModal.Models.Tagging;

/// <summary>Sizes and loss of a <see cref="TagEmbedding"/>; the defaults train in about a minute on 2 CPU cores.</summary>
/// <param name="EmbedDim">Size of the joint space (both heads end here, L2-normalised).</param>
/// <param name="HiddenDim">Hidden size of each head's two-layer MLP.</param>
/// <param name="Margin">α of the hinge triplet loss.</param>
/// <param name="Negatives">All negatives (VSE) or the hardest one (VSE++).</param>
public sealed record TagEmbeddingConfig(int EmbedDim = 64, int HiddenDim = 256, double Margin = 0.2, NegativeSampling Negatives = NegativeSampling.Hardest)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (EmbedDim < 1) throw new ArgumentException($"TagEmbeddingConfig.EmbedDim must be positive, got {EmbedDim}.");
        if (HiddenDim < 1) throw new ArgumentException($"TagEmbeddingConfig.HiddenDim must be positive, got {HiddenDim}.");
        if (!(Margin >= 0)) throw new ArgumentException($"TagEmbeddingConfig.Margin must be ≥ 0, got {Margin}.");
        if (!Enum.IsDefined(Negatives)) throw new ArgumentException($"TagEmbeddingConfig.Negatives must be All or Hardest, got {(int)Negatives}.");
    }
}
