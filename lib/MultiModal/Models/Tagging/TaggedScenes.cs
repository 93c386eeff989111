using MultiModal.Models.Encoders;
using MultiModal.World;
using static TorchSharp.torch;

namespace MultiModal.Models.Tagging;

/// <summary>
/// Scenes with their tags (<see cref="Tags.Of"/>: the shape, colour and place words true of a scene) and both
/// pre-trained unimodal encodings an image-tagging model starts from: the image encoder's feature map <b>pooled</b> to one
/// vector per image (the joint space has no spatial layout), and the <b>mean of the tags' word vectors</b>. Features come
/// from the shared cache (<see cref="SceneFeatures"/>).
/// </summary>
public sealed class TaggedScenes : IDisposable
{
    private readonly WordVectors _words;

    private TaggedScenes(SceneSample[] samples, Tensor pooled, Tensor tagVectors, WordVectors words)
    {
        Samples = samples;
        Pooled = pooled;
        TagVectors = tagVectors;
        TagSets = samples.Select(s => Tags.Of(s.Scene).ToArray()).ToArray();
        _words = words;
    }

    /// <summary>The scenes, in index order.</summary>
    public IReadOnlyList<SceneSample> Samples { get; }

    /// <summary>The tags of every scene, in <see cref="Tags.Words"/> order.</summary>
    public IReadOnlyList<string[]> TagSets { get; }

    /// <summary>(count, encoderDim) float32: the average of every image's 8×8 feature map.</summary>
    public Tensor Pooled { get; }

    /// <summary>(count, wordDim) float32: the mean word vector of every scene's tags.</summary>
    public Tensor TagVectors { get; }

    /// <summary>Number of scenes.</summary>
    public int Count => Samples.Count;

    /// <summary>
    /// Scenes <paramref name="start"/> … of <paramref name="split"/>, encoded by <paramref name="encoder"/> (cached) and
    /// pooled, with the mean word vectors of their tags.
    /// </summary>
    public static TaggedScenes Cached(SyntheticWorld world, ImageEncoder encoder, WordVectors words, Split split, int count, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(words);
        var (samples, features) = SceneFeatures.Encode(world, encoder, split, count, start,
            cacheFile: SceneFeatures.CachePath(world, encoder, split, count, start));                     // (count, encoderDim, g, g)
        using (features)
        {
            var pooled = ImageEncoder.Pool(features);                                                     // (count, encoderDim)
            var tagVectors = stack(samples.Select(s => words.Mean(Tags.Of(s.Scene))).ToArray());          // (count, wordDim)
            return new TaggedScenes(samples, pooled, tagVectors, words);
        }
    }

    /// <summary>
    /// A random training batch of <paramref name="batchSize"/> scenes: pooled images (batch, encoderDim), tag vectors
    /// (batch, wordDim) and which pairs also match (batch, batch) bool — image i carries every tag of row j's tag set, so
    /// (i, j) is no negative (for <see cref="Losses.ContrastiveLoss.Loss"/>'s <c>alsoMatching</c>).
    /// </summary>
    /// <param name="rng">Draws the scenes (and the tag subsets).</param>
    /// <param name="batchSize">Scenes per batch.</param>
    /// <param name="subsetShare">The share of rows whose image is paired with a random non-empty subset of its tags (each
    /// kept with probability ½) instead of all of them, so the tag head also learns what one or two tags mean — the queries
    /// of "images for a tag". 0 pairs every image with its full tag set.</param>
    public (Tensor Images, Tensor Tags, Tensor AlsoMatching) Batch(Random rng, int batchSize, double subsetShare = 0)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (batchSize < 2 || batchSize > Count)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"a contrastive batch needs 2 … {Count} scenes (the others in the batch are the negatives).");
        if (subsetShare is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(subsetShare), subsetShare, "subsetShare is a share of the batch: between 0 and 1.");
        var rows = Enumerable.Range(0, batchSize).Select(_ => rng.Next(Count)).ToArray();
        var subsets = rows.Select(_ => subsetShare > 0 && rng.NextDouble() < subsetShare).ToArray();
        var sets = rows.Select((r, k) => subsets[k] ? Subset(TagSets[r], rng) : TagSets[r]).ToArray();
        var matches = new bool[batchSize * batchSize];
        for (var i = 0; i < batchSize; i++)
            for (var j = 0; j < batchSize; j++)
                matches[i * batchSize + j] = sets[j].All(TagSets[rows[i]].Contains);                       // image i carries every tag of set j
        var index = tensor(rows.Select(r => (long)r).ToArray());                                          // (batch)
        var tags = subsets.Any(x => x) ? stack(sets.Select(s => _words.Mean(s)).ToArray()) : TagVectors.index_select(0, index); // (batch, wordDim)
        return (Pooled.index_select(0, index), tags, tensor(matches, [batchSize, batchSize]));             // (batch, encoderDim), (batch, wordDim), (batch, batch)
    }

    // Each tag kept with probability ½, at least one.
    private static string[] Subset(string[] tags, Random rng)
    {
        var kept = tags.Where(_ => rng.Next(2) == 0).ToArray();
        return kept.Length > 0 ? kept : [tags[rng.Next(tags.Length)]];
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Pooled.Dispose();
        TagVectors.Dispose();
    }
}
