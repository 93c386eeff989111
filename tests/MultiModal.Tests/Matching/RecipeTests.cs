using MultiModal.Models.Encoders;
using MultiModal.Models.Losses;
using MultiModal.Models.Recipes;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Matching;

/// <summary>im2recipe: the recipe data, the two text encoders, both objectives and semantic regularisation.</summary>
public class RecipeTests
{
    private static readonly SyntheticWorld World = new(1);                     // the shipped encoder and word vectors are for this world

    [Fact]
    public void Semantic_regularisation_is_two_cross_entropies_with_one_classifier()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var imageLogits = randn(5, 8);
        var recipeLogits = randn(5, 8);
        var categories = tensor(new long[] { 0, 3, 7, 3, 1 });
        double Ce(Tensor logits) => -nn.functional.log_softmax(logits, 1).gather(1, categories.unsqueeze(1)).mean().item<float>();
        Assert.Equal(Ce(imageLogits) + Ce(recipeLogits), SemanticRegularisation.Loss(imageLogits, recipeLogits, categories).item<float>(), 5);
        Assert.Contains("int64 category", Assert.Throws<ArgumentException>(() => SemanticRegularisation.Loss(imageLogits, recipeLogits, categories.to(float32))).Message);
    }

    [Fact]
    public void Recipes_become_padded_ids_and_a_recipes_vector_does_not_depend_on_its_batch()
    {
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        var encoder = PretrainedEncoders.ImageEncoder(World);
        using var words = PretrainedWordVectors.Load(World);
        using var set = RecipeSet.Cached(World, encoder, Split.Train, 30);
        Assert.Equal(new long[] { 30, encoder.EncoderDim }, set.Pooled.shape);
        Assert.Equal(set.Recipes[0].Ingredients.Select(w => Vocabulary.Text[w]), set.IngredientIds[0]);
        Assert.DoesNotContain(Vocabulary.UnknownId, set.InstructionIds.SelectMany(i => i));   // every recipe word has a vector
        var shortest = Enumerable.Range(0, 30).OrderBy(i => set.InstructionIds[i].Length).First();
        var longest = Enumerable.Range(0, 30).OrderByDescending(i => set.InstructionIds[i].Length).First();
        Assert.True(set.InstructionIds[longest].Length > set.InstructionIds[shortest].Length);
        Seed(2);
        var model = new RecipeEmbedding(encoder.EncoderDim, words);
        using var eval = EvalScope.Of(model);
        var alone = model.EmbedRecipes(set.Text([shortest]));                    // no padding
        var batched = model.EmbedRecipes(set.Text([longest, shortest]));        // padded to the longest
        Assert.True((alone[0] - batched[1]).abs().max().item<float>() < 1e-5, "packed sequences: padding must not change a recipe's vector");
        Assert.Contains("at least one recipe", Assert.Throws<ArgumentException>(() => set.Text([])).Message);
        Assert.Contains("[batch, 128]", Assert.Throws<ArgumentException>(() => model.EmbedImages(zeros(2, 5))).Message);
    }

    [Fact]
    public void Both_objectives_train_and_the_semantic_weight_adds_exactly_its_term()
    {
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        var encoder = PretrainedEncoders.ImageEncoder(World);
        using var words = PretrainedWordVectors.Load(World);
        using var set = RecipeSet.Cached(World, encoder, Split.Train, 120);
        var rows = Enumerable.Range(0, 16).ToArray();
        Seed(3);
        var plain = new RecipeEmbedding(encoder.EncoderDim, words, new RecipeEmbeddingConfig(SemanticWeight: 0, Objective: RecipeObjective.Ranking, Margin: 0.2));
        Seed(3);
        var regularised = new RecipeEmbedding(encoder.EncoderDim, words, new RecipeEmbeddingConfig(SemanticWeight: 0.5, Objective: RecipeObjective.Ranking, Margin: 0.2));
        using (EvalScope.Of(plain))
        using (EvalScope.Of(regularised))
        {
            var index = tensor(rows.Select(r => (long)r).ToArray());
            var f = regularised.EmbedImages(set.Pooled.index_select(0, index));
            var g = regularised.EmbedRecipes(set.Text(rows));
            var term = SemanticRegularisation.Loss(regularised.Classifier.forward(f), regularised.Classifier.forward(g), set.Categories(rows)).item<float>();
            Assert.Equal(plain.Loss(set, rows, new Random(0)).item<float>() + 0.5f * term, regularised.Loss(set, rows, new Random(0)).item<float>(), 4);
        }
        // a few hundred steps of the ranking loss make pictures find their recipes among the training recipes
        var before = regularised.Retrieve(set, subsetSize: 120, subsets: 1);
        var rng = new Random(1);
        Trainer.Train(regularised, optim.Adam(regularised.parameters(), 3e-3), _ => regularised.Loss(set, Enumerable.Range(0, 32).Select(_ => rng.Next(set.Count)).ToArray(), rng),
            new TrainerConfig(Steps: 300, ShowProgress: false));
        var after = regularised.Retrieve(set, subsetSize: 120, subsets: 1);
        Assert.True(before.AToB.MedianRank > 25, $"untrained: {before}");
        Assert.True(after.AToB.MedianRank < 12 && after.BToA.MedianRank < 12, $"trained: {after}");
        // the paper's objective runs too (matched and mismatched pairs)
        var cosine = new RecipeEmbedding(encoder.EncoderDim, words, new RecipeEmbeddingConfig(SameCategoryMismatches: 0.5));
        Assert.True(cosine.Loss(set, rows, new Random(2)).item<float>() > 0);
    }

    [Fact]
    public void Settings_the_chosen_objective_cannot_use_are_refused()
    {
        Assert.Contains("leave them at their defaults", Assert.Throws<ArgumentException>(() =>
            new RecipeEmbeddingConfig(Objective: RecipeObjective.Ranking, MismatchShare: 0.5).Validate()).Message);
        Assert.Contains("RecipeEmbeddingConfig.SemanticWeight", Assert.Throws<ArgumentException>(() => new RecipeEmbeddingConfig(SemanticWeight: double.NaN).Validate()).Message);
        Assert.Contains("RecipeEmbeddingConfig.MismatchShare", Assert.Throws<ArgumentException>(() => new RecipeEmbeddingConfig(MismatchShare: 1).Validate()).Message);
    }

    private static void Seed(int seed) => Captioning.CaptionTestData.Seed(seed);
}
