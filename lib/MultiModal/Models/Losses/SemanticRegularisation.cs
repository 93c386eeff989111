using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Losses;

/// <summary>
/// Semantic regularisation of im2recipe (Salvador et al. 2017): one classifier, <b>shared</b> by both modalities,
/// must predict the high-level category (e.g. "fried fish") from either embedding,
/// <code>
/// L_reg = CE(W·f(image), category) + CE(W·g(recipe), category)
/// </code>
/// so both embeddings also have to carry the category — what a pairwise cosine loss alone can leave out, and what makes
/// the two spaces line up along the categories (one W for both).
/// </summary>
public static class SemanticRegularisation
{
    /// <summary>The loss, a scalar (shape []).</summary>
    /// <param name="imageLogits">(batch, categories): the shared classifier on the image embeddings.</param>
    /// <param name="recipeLogits">(batch, categories): the same classifier on the recipe embeddings.</param>
    /// <param name="categories">(batch) int64 category ids.</param>
    public static Tensor Loss(Tensor imageLogits, Tensor recipeLogits, Tensor categories)
    {
        ArgumentNullException.ThrowIfNull(imageLogits);
        ArgumentNullException.ThrowIfNull(recipeLogits);
        ArgumentNullException.ThrowIfNull(categories);
        if (imageLogits.dim() != 2 || !imageLogits.shape.SequenceEqual(recipeLogits.shape))
            throw new ArgumentException($"expected image and recipe logits of the same shape [batch, categories], got {imageLogits.ShapeText()} and {recipeLogits.ShapeText()}.", nameof(recipeLogits));
        if (categories.dim() != 1 || categories.shape[0] != imageLogits.shape[0] || categories.dtype != ScalarType.Int64)
            throw new ArgumentException($"expected one int64 category per pair, shape [{imageLogits.shape[0]}], got {categories.ShapeText()} of {categories.dtype}.", nameof(categories));
        return nn.functional.cross_entropy(imageLogits, categories).Plus(nn.functional.cross_entropy(recipeLogits, categories)); // []
    }
}
