using MultiModal.Models.Encoders;
using MultiModal.Training;
using MultiModal.World;
using static TorchSharp.torch;

namespace MultiModal.Models.Recipes;

/// <summary>
/// Recipes of a split ready for im2recipe: the dish pictures through the frozen <see cref="ImageEncoder"/>, pooled
/// (cached on disk), the ordered ingredient list and the instructions as token ids of <see cref="Vocabulary.Text"/>
/// (padded, with lengths), and the dish category (the label of semantic regularisation).
/// </summary>
public sealed class RecipeSet : IDisposable
{
    private const int FormatVersion = 1;

    private RecipeSet(Recipe[] recipes, Tensor pooled)
    {
        Recipes = recipes;
        Pooled = pooled;
        IngredientIds = recipes.Select(r => r.Ingredients.Select(w => Vocabulary.Text[w]).ToArray()).ToArray();
        InstructionIds = recipes.Select(r => Vocabulary.Tokenize(r.StepText).Select(w => Vocabulary.Text[w]).ToArray()).ToArray();
        TextKeys = IngredientIds.Zip(InstructionIds, (i, s) => string.Join(' ', i) + "|" + string.Join(' ', s)).ToArray();
    }

    /// <summary>The recipes, in index order.</summary>
    public IReadOnlyList<Recipe> Recipes { get; }

    /// <summary>(count, encoderDim) float32: every dish picture's feature map averaged over the grid.</summary>
    public Tensor Pooled { get; }

    /// <summary>Every recipe's ingredients as ids of <see cref="Vocabulary.Text"/>, in order (main ingredient first).</summary>
    public IReadOnlyList<int[]> IngredientIds { get; }

    /// <summary>Every recipe's instructions (steps joined by ".") as ids of <see cref="Vocabulary.Text"/>.</summary>
    public IReadOnlyList<int[]> InstructionIds { get; }

    /// <summary>
    /// Every recipe's whole text (ingredients and instructions) as one key: recipes with equal keys read the same, so
    /// they get the same vector and are no negatives for each other.
    /// </summary>
    public IReadOnlyList<string> TextKeys { get; }

    /// <summary>Number of recipes.</summary>
    public int Count => Recipes.Count;

    /// <summary>Recipes <paramref name="start"/> … of <paramref name="split"/>, their pictures encoded by <paramref name="encoder"/> (cached).</summary>
    public static RecipeSet Cached(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0, int chunk = 100)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "take at least one recipe.");
        var recipes = world.Recipes.Stream(split, start, count).ToArray();
        var path = SceneFeatures.CachePath("recipe-features", $"{FormatVersion}|{world.Seed}|{world.Config.RecipeImageSize}", encoder, split, count, start);
        var size = world.Config.RecipeImageSize;
        var pooled = FeatureCache.GetOrCompute(path, [count, encoder.EncoderDim], () =>
            SceneFeatures.EncodeInChunks(encoder, recipes.Length, chunk,
                (from, to) => Batches.Images(recipes[from..to].Select(r => r.Image).ToArray(), size, size), ImageEncoder.Pool)); // (count, encoderDim)
        return new RecipeSet(recipes, pooled);
    }

    /// <summary>
    /// The text of the recipes <paramref name="rows"/> as padded batches: ingredient ids (batch, maxIngredients) and
    /// lengths (batch), instruction ids (batch, maxTokens) and lengths (batch), int64, padded with
    /// <see cref="Vocabulary.PadId"/>. <paramref name="instructions"/> replaces the instructions of every row (e.g. shuffled).
    /// </summary>
    public RecipeText Text(IReadOnlyList<int> rows, IReadOnlyList<int[]>? instructions = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("no rows: a batch needs at least one recipe.", nameof(rows));
        var ingredients = rows.Select(r => IngredientIds[r]).ToArray();
        var steps = instructions?.ToArray() ?? rows.Select(r => InstructionIds[r]).ToArray();
        if (steps.Length != rows.Count) throw new ArgumentException($"one instruction sequence per row: {rows.Count} rows but {steps.Length} sequences.", nameof(instructions));
        if (ingredients.Any(i => i.Length == 0) || steps.Any(s => s.Length == 0))
            throw new ArgumentException("an empty ingredient list or empty instructions cannot be encoded: every recipe needs at least one of each.", nameof(rows));
        return new RecipeText(Batches.Tokens(ingredients), Batches.Lengths(ingredients), Batches.Tokens(steps), Batches.Lengths(steps));
    }

    /// <summary>The categories of the recipes <paramref name="rows"/>: (batch) int64.</summary>
    public Tensor Categories(IReadOnlyList<int> rows) => Batches.Labels(rows.Select(r => (int)Recipes[r].Category).ToArray());

    /// <summary>Frees the features.</summary>
    public void Dispose() => Pooled.Dispose();
}

/// <summary>A batch of recipe texts, padded, with lengths (all int64).</summary>
/// <param name="Ingredients">(batch, maxIngredients) ingredient ids.</param>
/// <param name="IngredientLengths">(batch) number of ingredients.</param>
/// <param name="Instructions">(batch, maxTokens) instruction token ids.</param>
/// <param name="InstructionLengths">(batch) number of instruction tokens.</param>
public sealed record RecipeText(Tensor Ingredients, Tensor IngredientLengths, Tensor Instructions, Tensor InstructionLengths);
