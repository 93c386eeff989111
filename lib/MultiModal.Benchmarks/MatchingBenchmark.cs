using MultiModal.Models.Encoders;
using MultiModal.Models.Losses;
using MultiModal.Models.Recipes;
using MultiModal.Models.Tagging;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Benchmarks;

/// <summary>
/// Matching (notebooks 02 and 03): train-step time of the image–tag joint embedding (batch 128, VSE and VSE++, with the
/// false-negative mask), the skip-gram step of the word vectors, the im2recipe model with both objectives (batch 64), and
/// RSS over long runs through the <see cref="Trainer"/> (target: flat after warm-up).
/// </summary>
public sealed class MatchingBenchmark : IBenchmark
{
    public string Name => "matching";
    public string Description => "image–tag embedding train step ms (VSE/VSE++), skip-gram step ms, RSS over 1,000 Trainer steps (target: flat)";

    private const int Batch = 128;

    public void Run(TextWriter output)
    {
        Course.Seed(0);
        var vocab = new Vocabulary(Tags.Words);
        using var words = new WordVectors(vocab, randn(vocab.Count, 32));
        var pooled = randn(Batch, 128);                                       // (128, 128) pooled image features
        var tagVectors = randn(Batch, 32);                                    // (128, 32) mean tag vectors
        var alsoMatching = rand(Batch, Batch).lt(0.02);                       // a few false negatives
        output.WriteLine($"  load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var negatives in new[] { NegativeSampling.All, NegativeSampling.Hardest })
        {
            var model = new TagEmbedding(128, words, new TagEmbeddingConfig(Negatives: negatives));
            var optimizer = new MultiModal.Training.Adam(model.parameters(), 1e-3);
            model.train();
            var ms = Measure.MedianMs(() =>
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                model.Loss(pooled, tagVectors, alsoMatching).backward();
                optimizer.step();
            }, runs: 21, warmup: 5);
            output.WriteLine($"  TagEmbedding ({negatives,-7}) train step, batch {Batch}: {ms,6:F2} ms");
        }
        var skipGram = new SkipGram(Vocabulary.Text.Count, 32);
        var sgOptimizer = new MultiModal.Training.Adam(skipGram.parameters(), 0.01);
        var centre = randint(4, Vocabulary.Text.Count, [512]);
        var context = randint(4, Vocabulary.Text.Count, [512]);
        var noise = randint(4, Vocabulary.Text.Count, [512, 5]);
        var sgMs = Measure.MedianMs(() =>
        {
            using var scope = NewDisposeScope();
            sgOptimizer.zero_grad();
            skipGram.Loss(centre, context, noise).backward();
            sgOptimizer.step();
        }, runs: 21, warmup: 5);
        output.WriteLine($"  SkipGram train step, 512 pairs × 5 noise words: {sgMs,6:F2} ms");

        // im2recipe (notebook 03): the two text LSTMs over real recipes of the default world, batch 64.
        var world = new SyntheticWorld(1);
        var encoder = PretrainedEncoders.ImageEncoder(world);
        using var textWords = PretrainedWordVectors.Load(world);
        using var recipes = RecipeSet.Cached(world, encoder, Split.Train, 512);
        var batchRng = new Random(0);
        foreach (var objective in new[] { RecipeObjective.CosineMargin, RecipeObjective.Ranking })
        {
            var model = new RecipeEmbedding(encoder.EncoderDim, textWords, new RecipeEmbeddingConfig(Objective: objective, Margin: objective == RecipeObjective.Ranking ? 0.2 : 0.1));
            var recipeOptimizer = new MultiModal.Training.Adam(model.parameters(), 2e-3);
            model.train();
            var recipeMs = Measure.MedianMs(() =>
            {
                using var scope = NewDisposeScope();
                recipeOptimizer.zero_grad();
                model.Loss(recipes, Enumerable.Range(0, 64).Select(_ => batchRng.Next(recipes.Count)).ToArray(), batchRng).backward();
                recipeOptimizer.step();
            }, runs: 15, warmup: 3);
            output.WriteLine($"  RecipeEmbedding ({objective,-12}) train step, batch 64: {recipeMs,6:F1} ms");
        }
        var recipeModel = new RecipeEmbedding(encoder.EncoderDim, textWords, new RecipeEmbeddingConfig(Objective: RecipeObjective.Ranking, Margin: 0.2));
        var recipeRss = new List<(int Step, double MiB)>();
        Trainer.Train(recipeModel, new MultiModal.Training.Adam(recipeModel.parameters(), 2e-3), step =>
        {
            if (step % 100 == 0) recipeRss.Add((step, Measure.RssMiB()));
            return recipeModel.Loss(recipes, Enumerable.Range(0, 64).Select(_ => batchRng.Next(recipes.Count)).ToArray(), batchRng);
        }, new TrainerConfig(Steps: 601, ShowProgress: false));
        output.WriteLine($"  RecipeEmbedding RSS over 600 Trainer steps (MiB): {string.Join("  ", recipeRss.Select(r => $"@{r.Step}: {r.MiB:F0}"))}");

        var tagging = new TagEmbedding(128, words);
        var tagOptimizer = new MultiModal.Training.Adam(tagging.parameters(), 1e-3);
        var rss = new List<(int Step, double MiB)>();
        Trainer.Train(tagging, tagOptimizer, step =>
        {
            if (step % 100 == 0) rss.Add((step, Measure.RssMiB()));
            return tagging.Loss(pooled, tagVectors, alsoMatching);
        }, new TrainerConfig(Steps: 1001, ShowProgress: false));
        output.WriteLine($"  RSS over 1,000 Trainer steps (MiB): {string.Join("  ", rss.Select(r => $"@{r.Step}: {r.MiB:F0}"))}");
        var growth = rss[^1].MiB - rss.First(r => r.Step == 200).MiB;
        output.WriteLine($"  growth step 200 → 1000: {growth:F1} MiB ({100 * growth / rss.First(r => r.Step == 200).MiB:F1} %) — target: flat (< 5 %)");
    }
}
