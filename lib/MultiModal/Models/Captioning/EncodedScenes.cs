using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;
using MultiModal.Training;
using MultiModal.Tensors;

namespace MultiModal.Models.Captioning;

/// <summary>
/// Scenes of a split run once through a frozen <see cref="ImageEncoder"/>, kept with all their captions, so a
/// captioning model trains on the cached feature maps instead of re-encoding the same images every step (the
/// encoder is by far the most expensive part on a CPU).
/// <code>
/// var (train, test, heldOut) = EncodedScenes.Splits(world, encoder, train: 2000, test: 300);
/// var (features, tokens) = train.Batch(rng, 32);   // (32, 128, 8, 8), (32, maxLen)
/// </code>
/// </summary>
public sealed class EncodedScenes : IDisposable
{
    private EncodedScenes(SceneSample[] samples, Tensor features, Vocabulary vocabulary, int relationMargin)
    {
        Samples = samples;
        Features = features;
        Vocabulary = vocabulary;
        RelationMargin = relationMargin;
        CaptionIds = samples.Select(s => s.Captions.Select(c => vocabulary.Encode(c)).ToArray()).ToArray();
    }

    /// <summary>The scenes, in index order.</summary>
    public IReadOnlyList<SceneSample> Samples { get; }

    /// <summary>(count, encoderDim, gridSize, gridSize) float32 feature maps, without gradients.</summary>
    public Tensor Features { get; }

    /// <summary>The vocabulary the captions are encoded with (and decoded captions are read with).</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>The world's <see cref="SceneConfig.RelationMargin"/>: the margin its captions state relations with.</summary>
    public int RelationMargin { get; }

    /// <summary>Every caption of every scene as token ids (&lt;start&gt; … &lt;end&gt;, <see cref="Vocabulary"/>).</summary>
    public IReadOnlyList<int[][]> CaptionIds { get; }

    /// <summary>Number of scenes.</summary>
    public int Count => Samples.Count;

    /// <summary>
    /// Renders scenes <paramref name="start"/> … of <paramref name="split"/>, encodes them (<see cref="SceneFeatures.Encode"/>:
    /// in chunks of <paramref name="chunk"/> images, evaluation mode, no gradients, read from and written to
    /// <paramref name="cacheFile"/> when given) and keeps their captions; <see cref="Cached"/> picks the file for you.
    /// </summary>
    /// <param name="world">The world whose scenes are encoded.</param>
    /// <param name="encoder">The (frozen) image encoder.</param>
    /// <param name="split">Which split.</param>
    /// <param name="count">How many scenes.</param>
    /// <param name="start">Index of the first scene.</param>
    /// <param name="chunk">Images encoded at once.</param>
    /// <param name="cacheFile">Feature cache file, or null for none.</param>
    /// <param name="vocabulary">Vocabulary of the captions (default <see cref="Vocabulary.Captions"/>).</param>
    public static EncodedScenes Encode(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0, int chunk = 100,
        string? cacheFile = null, Vocabulary? vocabulary = null)
    {
        var (samples, features) = SceneFeatures.Encode(world, encoder, split, count, start, chunk, cacheFile);   // (count, encoderDim, g, g)
        return new EncodedScenes(samples, features, vocabulary ?? Vocabulary.Captions, world.Config.Scenes.RelationMargin);
    }

    /// <summary>
    /// <see cref="Encode"/> with the feature cache of <see cref="SceneFeatures.CachePath(SyntheticWorld, ImageEncoder, Split, int, int)"/> (named after the world's images
    /// and the encoder's weights), shared with every other task that encodes the same scenes.
    /// </summary>
    public static EncodedScenes Cached(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0, Vocabulary? vocabulary = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        return Encode(world, encoder, split, count, start, cacheFile: CachePath(world, encoder, split, count, start), vocabulary: vocabulary);
    }

    /// <summary>
    /// The three splits a captioning notebook trains and evaluates on, each <see cref="Cached"/>: the first
    /// <paramref name="train"/> train scenes, the first <paramref name="test"/> test scenes, and as many held-out scenes
    /// (colour–shape pairs never seen in training).
    /// </summary>
    public static (EncodedScenes Train, EncodedScenes Test, EncodedScenes HeldOut) Splits(SyntheticWorld world, ImageEncoder encoder, int train, int test)
    {
        var trainScenes = Cached(world, encoder, Split.Train, train);
        var testScenes = Cached(world, encoder, Split.Test, test);
        return (trainScenes, testScenes, Cached(world, encoder, Split.HeldOut, test));
    }

    /// <summary>The cache file <see cref="Cached"/> uses (<see cref="SceneFeatures.CachePath(SyntheticWorld, ImageEncoder, Split, int, int)"/>).</summary>
    public static string CachePath(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0) =>
        SceneFeatures.CachePath(world, encoder, split, count, start);

    /// <summary>
    /// A random training batch: <paramref name="batchSize"/> scenes drawn with <paramref name="rng"/>, each with one of
    /// its captions drawn at random. Returns features (batch, encoderDim, g, g) and padded tokens (batch, maxLen).
    /// </summary>
    public (Tensor Features, Tensor Tokens) Batch(Random rng, int batchSize)
    {
        var (rows, choices) = Draw(rng, batchSize);
        var index = tensor(rows.Select(r => (long)r).ToArray());                         // (batch)
        return (Features.index_select(0, index), Batches.Tokens(rows.Select((r, i) => CaptionIds[r][choices[i]]).ToArray())); // (batch, encoderDim, g, g), (batch, maxLen)
    }

    /// <summary>
    /// <see cref="Batch"/> plus the ground-truth attention of every predicted word, for supervised attention
    /// (<see cref="Losses.AttentionSupervision.Loss"/>): (batch, maxLen − 1, gridSize²), where row t is the
    /// <see cref="CaptionGrounding.ObjectCells"/> of the object that token t+1 names, or all zeros when it names
    /// none. The same <paramref name="rng"/> state draws the same scenes and captions as <see cref="Batch"/>.
    /// </summary>
    public (Tensor Features, Tensor Tokens, Tensor AttentionTargets) BatchWithAttentionTargets(Random rng, int batchSize)
    {
        var (rows, choices) = Draw(rng, batchSize);
        var captions = rows.Select((r, i) => CaptionIds[r][choices[i]]).ToArray();
        var grid = (int)Features.shape[2];
        var steps = captions.Max(c => c.Length) - 1;
        var targets = new float[batchSize * steps * grid * grid];
        for (var b = 0; b < batchSize; b++)
        {
            var perWord = AttentionTargets(rows[b], choices[b], grid);                    // one entry per token after <start>
            for (var t = 0; t < perWord.Length; t++)
                perWord[t]?.CopyTo(targets, (b * steps + t) * grid * grid);
        }
        var index = tensor(rows.Select(r => (long)r).ToArray());                         // (batch)
        return (Features.index_select(0, index), Batches.Tokens(captions),                // (batch, encoderDim, g, g), (batch, maxLen)
                OwnedTensors.FromFloats(targets, [batchSize, steps, grid * grid]));       // (batch, maxLen − 1, g²)
    }

    private readonly Dictionary<(int Row, int Caption), float[]?[]> _attentionTargets = [];

    // Per token after <start> of caption (row, choice): the cells of the object it names, or null; computed once.
    private float[]?[] AttentionTargets(int row, int choice, int grid)
    {
        if (_attentionTargets.TryGetValue((row, choice), out var cached)) return cached;
        var words = CaptionIds[row][choice][1..].Select(id => Vocabulary[id]).ToArray(); // … <end>
        return _attentionTargets[(row, choice)] = CaptionGrounding.AttentionTargets(words, Samples[row].Frame, grid);
    }

    private (int[] Rows, int[] Choices) Draw(Random rng, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        var rows = Enumerable.Range(0, batchSize).Select(_ => rng.Next(Count)).ToArray();
        return (rows, rows.Select(r => rng.Next(CaptionIds[r].Length)).ToArray());
    }

    /// <summary>Frees the feature tensor.</summary>
    public void Dispose() => Features.Dispose();
}
