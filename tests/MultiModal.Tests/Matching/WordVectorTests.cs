using MultiModal.Models.Encoders;
using MultiModal.Tensors;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Matching;

/// <summary>Skip-gram word vectors: the loss, the vector queries, the checkpoint and the shipped vectors' quality.</summary>
public class WordVectorTests
{
    [Fact]
    public void The_skip_gram_loss_is_the_negative_sampling_formula()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = new SkipGram(vocabSize: 7, dim: 3);
        using (no_grad()) model.Context.weight!.normal_();                  // context vectors start at 0; make them informative
        var centre = tensor(new long[] { 1, 4 });
        var context = tensor(new long[] { 2, 5 });
        var negatives = tensor(new long[,] { { 3, 6 }, { 0, 1 } });
        var v = model.Centre.weight!.ToDoubles();
        var u = model.Context.weight!.ToDoubles();
        double Dot(double[] a, int i, double[] b, int j) => Enumerable.Range(0, 3).Sum(d => a[i * 3 + d] * b[j * 3 + d]);
        double LogSigmoid(double x) => -Math.Log(1 + Math.Exp(-x));
        var expected = (-(LogSigmoid(Dot(u, 2, v, 1)) + LogSigmoid(-Dot(u, 3, v, 1)) + LogSigmoid(-Dot(u, 6, v, 1)))
                        - (LogSigmoid(Dot(u, 5, v, 4)) + LogSigmoid(-Dot(u, 0, v, 4)) + LogSigmoid(-Dot(u, 1, v, 4)))) / 2;
        Assert.Equal(expected, model.Loss(centre, context, negatives).item<float>(), 5);
        Assert.Contains("[batch, k]", Assert.Throws<ArgumentException>(() => model.Loss(centre, context, tensor(new long[] { 1, 2 }))).Message);
    }

    private static WordVectors Toy()
    {
        var vocab = new Vocabulary(["red", "blue", "green", "circle", "square", "tomato"]);
        var rows = new float[vocab.Count, 3];
        void Set(string w, float x, float y, float z) { rows[vocab[w], 0] = x; rows[vocab[w], 1] = y; rows[vocab[w], 2] = z; }
        Set("red", 1, 0.1f, 0); Set("blue", 1, -0.1f, 0); Set("green", 0.9f, 0, 0.2f);
        Set("circle", 0, 1, 0.1f); Set("square", 0.1f, 1, 0); Set("tomato", 1, 0.1f, 1);
        for (var i = 0; i < 4; i++) rows[i, 2] = -1;                           // special tokens out of the way
        return new WordVectors(vocab, tensor(rows));
    }

    [Fact]
    public void Nearest_words_analogies_and_means_follow_the_vectors()
    {
        using var scope = NewDisposeScope();
        using var vectors = Toy();
        Assert.Equal(["blue", "green"], vectors.Nearest("red", 2).Select(n => n.Word));
        Assert.DoesNotContain(vectors.Nearest("red", 6), n => n.Word is "red" or "<unk>" or "<pad>");
        // tomato − red + blue: the colour direction swapped; the nearest word is tomato-like but not the question words
        Assert.Equal("green", vectors.Analogy("red", "blue", "tomato", 1)[0].Word);
        Assert.Equal(new[] { 0.5f, 0.55f, 0.05f }, vectors.Mean(["red", "circle"]).ToFloats());
        Assert.Equal(vectors["<unk>"].ToFloats(), vectors["purple"].ToFloats());   // unknown words share the <unk> vector
        Assert.Contains("not a word", Assert.Throws<ArgumentException>(() => vectors.Nearest("purple")).Message);
        Assert.Contains("no words", Assert.Throws<ArgumentException>(() => vectors.Mean([])).Message);
    }

    [Fact]
    public void Vectors_survive_a_checkpoint_and_a_damaged_file_is_explained()
    {
        var dir = Directory.CreateTempSubdirectory("mm-wv-");
        try
        {
            using var scope = NewDisposeScope();
            using var vectors = Toy();
            var path = Path.Combine(dir.FullName, "wv.ckpt");
            vectors.Save(path);
            using var back = WordVectors.Load(path);
            Assert.Equal(vectors.Vocabulary.Tokens, back.Vocabulary.Tokens);
            Assert.Equal(vectors.Vectors.ToFloats(), back.Vectors.ToFloats());
            File.WriteAllBytes(path, File.ReadAllBytes(path)[..40]);
            Assert.Throws<InvalidDataException>(() => WordVectors.Load(path));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Training_is_reproducible()
    {
        using var scope = NewDisposeScope();
        var world = new SyntheticWorld(1);
        var small = new WordVectorConfig(Steps: 30, Scenes: 40, Recipes: 40, BatchSize: 64);
        var (a, historyA) = PretrainedWordVectors.Train(world, small);
        var (b, _) = PretrainedWordVectors.Train(world, small);
        Assert.Equal(a.Vectors.ToFloats(), b.Vectors.ToFloats());
        Assert.True(historyA.Recent(5) < historyA.Loss[0]);                  // it learns
        Assert.Same(Vocabulary.Text, a.Vocabulary);
    }

    [Fact]
    public void The_shipped_vectors_load_without_training_and_group_words_by_meaning()
    {
        var world = new SyntheticWorld(1);
        var shipped = Path.Combine(Repo.Root, "data", "models", PretrainedWordVectors.FileName(world));
        Assert.True(File.Exists(shipped), $"the shipped word vectors {shipped} are missing or stale: run dotnet run -c Release --project lib/MultiModal.Benchmarks -- word-vectors and commit data/models/.");
        using var cache = new TempCache();
        {
            using var scope = NewDisposeScope();
            using var vectors = PretrainedWordVectors.Load(world);
            Assert.Empty(Directory.GetFiles(cache.Folder));                     // loaded from data/models/, nothing trained or cached
            // the stated quality: a colour's, a shape's and a place's nearest words are mostly of its own kind
            var kinds = new (string[] Words, int Of)[]
            {
                (Attributes.Colors.Select(Attributes.Word).ToArray(), 4),
                (Attributes.Shapes.Select(Attributes.Word).Append("object").ToArray(), 3),
                (Attributes.Places.Select(Attributes.Word).ToArray(), 2),
            };
            foreach (var (words, of) in kinds)
                foreach (var w in words.Where(x => x != "object"))
                {
                    var nearest = vectors.Nearest(w, of).Select(n => n.Word).ToArray();
                    Assert.True(nearest.Count(words.Contains) >= of - 1, $"nearest to '{w}': {string.Join(", ", nearest)} — expected mostly words like {string.Join(", ", words)}");
                }
            Assert.Contains(vectors.Nearest("tomato", 4), n => RecipeBook.IngredientWords.Contains(n.Word));
        }
    }
}
