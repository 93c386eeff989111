namespace MultiModal.Models.Recipes;

/// <summary>What pulls a picture and its recipe together in a <see cref="RecipeEmbedding"/>.</summary>
public enum RecipeObjective
{
    /// <summary>im2recipe's cosine loss with margin on matched and mismatched pairs (<see cref="Losses.CosineEmbeddingLoss"/>).</summary>
    CosineMargin,
    /// <summary>The hinge triplet ranking loss over every negative of the batch (<see cref="Losses.ContrastiveLoss"/>, VSE), recipes of identical text not counted as negatives.</summary>
    Ranking,
}

/// <summary>Sizes and losses of a <see cref="RecipeEmbedding"/>; the defaults train in well under a minute on 2 CPU cores.</summary>
/// <param name="EmbedDim">Size of the joint space.</param>
/// <param name="HiddenDim">Hidden size of each text LSTM (the ingredient BiLSTM gives 2 × this).</param>
/// <param name="Margin">Cosine below which a mismatched pair costs nothing (im2recipe: 0.1).</param>
/// <param name="MismatchShare">Share of a batch's pairs shuffled into mismatches (im2recipe: 0.8).</param>
/// <param name="SemanticWeight">λ of semantic regularisation (im2recipe: 0.02); 0 turns it off.</param>
/// <param name="SameCategoryMismatches">Share of the mismatches re-paired with a recipe of the <b>same</b> category when the
/// batch has one (hard mismatches: the loss must then tell ingredients apart, not only dishes); 0 = im2recipe's random
/// mismatches. Only for <see cref="RecipeObjective.CosineMargin"/>.</param>
/// <param name="Objective">The matching loss: the paper's cosine loss (default) or a ranking loss. <see cref="Margin"/> is the
/// cosine margin of the first and the hinge margin α of the second; <see cref="MismatchShare"/> and
/// <see cref="SameCategoryMismatches"/> shape the first only and must stay at their defaults for the second.</param>
public sealed record RecipeEmbeddingConfig(int EmbedDim = 64, int HiddenDim = 64, double Margin = 0.1, double MismatchShare = 0.8,
    double SemanticWeight = 0.02, double SameCategoryMismatches = 0, RecipeObjective Objective = RecipeObjective.CosineMargin)
{
    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (EmbedDim < 1) throw new ArgumentException($"RecipeEmbeddingConfig.EmbedDim must be positive, got {EmbedDim}.");
        if (HiddenDim < 1) throw new ArgumentException($"RecipeEmbeddingConfig.HiddenDim must be positive, got {HiddenDim}.");
        if (Margin is < -1 or > 1) throw new ArgumentException($"RecipeEmbeddingConfig.Margin is a cosine: between −1 and 1, got {Margin}.");
        if (MismatchShare is < 0 or >= 1) throw new ArgumentException($"RecipeEmbeddingConfig.MismatchShare must be in [0, 1) (some pairs must stay matched), got {MismatchShare}.");
        if (SameCategoryMismatches is < 0 or > 1) throw new ArgumentException($"RecipeEmbeddingConfig.SameCategoryMismatches is a share: between 0 and 1, got {SameCategoryMismatches}.");
        if (!Enum.IsDefined(Objective)) throw new ArgumentException($"RecipeEmbeddingConfig.Objective must be CosineMargin or Ranking, got {(int)Objective}.");
        if (Objective == RecipeObjective.Ranking && (MismatchShare != 0.8 || SameCategoryMismatches != 0))
            throw new ArgumentException("RecipeEmbeddingConfig.MismatchShare and SameCategoryMismatches shape the cosine loss's mismatched pairs; the ranking loss uses every other recipe of the batch as a negative, so leave them at their defaults.");
        if (!(SemanticWeight >= 0)) throw new ArgumentException($"RecipeEmbeddingConfig.SemanticWeight must be ≥ 0 (0 = no semantic regularisation), got {SemanticWeight}.");
    }
}
