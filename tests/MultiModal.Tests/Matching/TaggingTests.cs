using MultiModal.Models.Encoders;
using MultiModal.Models.Tagging;
using MultiModal.Display;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using SixLabors.ImageSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Matching;

/// <summary>The image-tagging model, its data and its pictures.</summary>
public class TaggingTests
{
    private static T WithTempCache<T>(Func<T> run)
    {
        using var cache = new TempCache();
        return run();
    }

    private static readonly SyntheticWorld World = new(2);

    private static WordVectors Words() => PretrainedWordVectors.Train(World, new WordVectorConfig(Steps: 200, Scenes: 200, Recipes: 50, BatchSize: 256)).Vectors;

    [Fact]
    public void Batches_mark_every_pair_that_also_matches_and_subsets_are_tags_of_the_image()
    {
        WithTempCache(() =>
        {
            using var scope = NewDisposeScope();
            Captioning.CaptionTestData.Seed(1);
            using var words = Words();
            using var scenes = TaggedScenes.Cached(World, Captioning.CaptionTestData.SmallEncoder(), words, Split.Train, 40);
            Assert.Equal(new long[] { 40, scenes.Pooled.shape[1] }, scenes.Pooled.shape);
            Assert.Equal(words.Mean(scenes.TagSets[3]).ToFloats(), scenes.TagVectors[3].ToFloats());
            var (images, tags, also) = scenes.Batch(new Random(4), 16);
            Assert.Equal(new long[] { 16, 16 }, also.shape);
            Assert.True(also.diagonal().all().item<bool>());                       // every image matches its own tags
            // with full tag sets, (i, j) also matches exactly when image i carries all of j's tags: recompute from the rows
            var rows = Enumerable.Range(0, 16).Select(i => Enumerable.Range(0, scenes.Count).First(r => scenes.Pooled[r].ToFloats().SequenceEqual(images[i].ToFloats()))).ToArray();
            for (var i = 0; i < 16; i++)
                for (var j = 0; j < 16; j++)
                    Assert.Equal(scenes.TagSets[rows[j]].All(scenes.TagSets[rows[i]].Contains), also[i, j].item<bool>());
            var (_, subsetTags, subsetAlso) = scenes.Batch(new Random(4), 16, subsetShare: 1);
            Assert.True(subsetAlso.diagonal().all().item<bool>());
            Assert.Equal(new long[] { 16, words.Dim }, subsetTags.shape);
            Assert.Throws<ArgumentOutOfRangeException>(() => scenes.Batch(new Random(0), 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => scenes.Batch(new Random(0), 8, subsetShare: 2));
            return 0;
        });
    }

    [Fact]
    public void Training_the_heads_makes_images_and_their_tags_find_each_other()
    {
        WithTempCache(() =>
        {
            using var scope = NewDisposeScope();
            var world = new SyntheticWorld(1);                                      // the shipped encoder and word vectors are for this world
            var encoder = PretrainedEncoders.ImageEncoder(world);
            using var words = PretrainedWordVectors.Load(world);
            using var scenes = TaggedScenes.Cached(world, encoder, words, Split.Train, 200);
            Captioning.CaptionTestData.Seed(3);
            var model = new TagEmbedding((int)scenes.Pooled.shape[1], words, new TagEmbeddingConfig(EmbedDim: 32, HiddenDim: 64));
            var before = model.Retrieve(scenes, subsetSize: 200, subsets: 1);
            var rng = new Random(1);
            Trainer.Train(model, optim.Adam(model.parameters(), 3e-3), _ =>
            {
                var (images, tags, also) = scenes.Batch(rng, 64, subsetShare: 0.5);
                return model.Loss(images, tags, also);
            }, new TrainerConfig(Steps: 800, ShowProgress: false));
            var after = model.Retrieve(scenes, subsetSize: 200, subsets: 1);
            Assert.True(before.AToB.MedianRank > 40, $"untrained: {before}");
            Assert.True(after.AToB.MedianRank <= 12 && after.BToA.MedianRank <= 12, $"trained: {after}");   // chance: about 100
            Assert.True(model.TagPrecision(scenes) > 0.6);
            var red = model.RankImages(scenes, ["red"]).Take(5).Select(r => r.Index).ToArray();
            Assert.True(red.Count(i => scenes.TagSets[i].Contains("red")) >= 3, "images for the tag 'red'");
            var arithmetic = EmbeddingArithmetic.Evaluate(model, scenes);
            Assert.InRange(arithmetic.Chance, 0, 0.5);
            Assert.All(arithmetic.Queries, q => Assert.DoesNotContain(q.Source, q.Top));   // the source image is never its own answer
            return 0;
        });
    }

    [Fact]
    public void Bad_queries_are_explained()
    {
        using var scope = NewDisposeScope();
        var vocab = new Vocabulary(Tags.Words);
        using var words = new WordVectors(vocab, randn(vocab.Count, 4));
        var model = new TagEmbedding(8, words);
        Assert.Contains("'dog' is not a tag", Assert.Throws<ArgumentException>(() => model.EmbedTags([["dog"]])).Message);
        Assert.Contains("empty tag set", Assert.Throws<ArgumentException>(() => model.EmbedTags([[]])).Message);
        Assert.Contains("[batch, 8]", Assert.Throws<ArgumentException>(() => model.EmbedImages(zeros(3, 5))).Message);
        Assert.Contains("TagEmbeddingConfig.Margin", Assert.Throws<ArgumentException>(() => new TagEmbedding(8, words, new TagEmbeddingConfig(Margin: -1))).Message);
    }

    [Fact]
    public void Pca_finds_the_direction_of_largest_variance_with_a_fixed_sign()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var t = linspace(-3, 3, 50);
        var points = stack([t * 2, t * -1, randn(50) * 0.01], 1);                 // (50, 3) along (2, −1, 0)
        var xy = Pca.Project(points, 2);
        Assert.Equal(new long[] { 50, 2 }, xy.shape);
        var first = xy[.., 0];
        Assert.True(Math.Abs(nn.functional.cosine_similarity(first, t, dim: 0).item<float>()) > 0.999);
        Assert.True(first.var().item<float>() > 1000 * xy[.., 1].var().item<float>());
        Assert.Equal(xy.ToFloats(), Pca.Project(points, 2).ToFloats());           // deterministic, the same signs
        Assert.Throws<ArgumentOutOfRangeException>(() => Pca.Project(points, 4));
    }

    [Fact]
    public void The_map_draws_images_and_words_without_stacking_labels()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(64, 64);
        using var map = EmbeddingMap.Draw([(0, 0), (1, 1)], [image, image], [(0.5, 0.5), (0.5, 0.5)], ["red", "blue"], size: 300);
        Assert.Equal((300, 300), (map.Width, map.Height));
        // two words at the same point: the second label is moved, so the label colour covers two boxes' worth of pixels
        var labelPixels = 0;
        for (var y = 0; y < 300; y++) for (var x = 0; x < 300; x++) if (map[x, y].R == 255 && map[x, y].G == 240) labelPixels++;
        using var single = EmbeddingMap.Draw([], [], [(0.5, 0.5)], ["red"], size: 300);
        var singlePixels = 0;
        for (var y = 0; y < 300; y++) for (var x = 0; x < 300; x++) if (single[x, y].R == 255 && single[x, y].G == 240) singlePixels++;
        Assert.True(labelPixels > 1.5 * singlePixels, $"{labelPixels} label pixels for two words vs {singlePixels} for one");
        Assert.Throws<ArgumentException>(() => EmbeddingMap.Draw([(0, 0)], [], [], []));
    }
}
