using MultiModal.Metrics;
using MultiModal.Models.Encoders;
using MultiModal.Models.Losses;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MultiModal.Models.Tagging;

/// <summary>
/// Image tagging in a joint embedding space (lecture §2.1.1): two pre-trained unimodal encoders — the image CNN
/// (pooled to one vector) and word vectors (a tag set as the mean of its words' vectors) — each mapped by its own
/// small MLP into <b>one space of the same dimension</b>, L2-normalised, and trained with a metric-learning loss that
/// pulls an image and its tags together and pushes mismatched pairs apart (<see cref="ContrastiveLoss"/>).
/// <code>
/// f(image) = normalize(MLP_img(mean over the 8×8 grid of CNN(image)))
/// g(tags)  = normalize(MLP_tag(mean over the tags of word2vec(tag)))
/// s(image, tags) = f(image) · g(tags)   (cosine)
/// </code>
/// The space works both ways: tags for an image (rank the tag words by s) and images for a tag or a tag combination
/// (rank the images), and it supports arithmetic: f(red circle on grass) − g(red) + g(blue) ≈ f(blue circle on grass).
/// The encoders stay frozen; only the two heads learn.
/// </summary>
public sealed class TagEmbedding : nn.Module
{
    /// <summary>MLP_img: pooled image feature (encoderDim) → joint space (embedDim), normalised.</summary>
    public ProjectionHead ImageHead { get; }

    /// <summary>MLP_tag: mean tag word vector (wordDim) → joint space (embedDim), normalised.</summary>
    public ProjectionHead TagHead { get; }

    /// <summary>The frozen word vectors the tag side starts from.</summary>
    public WordVectors Words { get; }

    /// <summary>The sizes this model was built with.</summary>
    public TagEmbeddingConfig Config { get; }

    /// <summary>Builds both heads for images pooled to <paramref name="encoderDim"/> numbers and the given word vectors.</summary>
    public TagEmbedding(int encoderDim, WordVectors words, TagEmbeddingConfig? config = null) : base(nameof(TagEmbedding))
    {
        ArgumentNullException.ThrowIfNull(words);
        if (encoderDim < 1) throw new ArgumentOutOfRangeException(nameof(encoderDim), encoderDim, "the image feature size must be positive.");
        Config = config ?? new TagEmbeddingConfig();
        Config.Validate();
        Words = words;
        ImageHead = new ProjectionHead(encoderDim, Config.HiddenDim, Config.EmbedDim);
        TagHead = new ProjectionHead(words.Dim, Config.HiddenDim, Config.EmbedDim);
        RegisterComponents();
    }

    /// <summary>f: pooled image features (batch, encoderDim) → unit vectors (batch, embedDim).</summary>
    public Tensor EmbedImages(Tensor pooled) => ImageHead.Embed(pooled, "pooled image features (ImageEncoder.Pool of the feature maps)"); // (batch, embedDim)

    /// <summary>g: mean tag word vectors (batch, wordDim) → unit vectors (batch, embedDim).</summary>
    public Tensor EmbedTagVectors(Tensor tagVectors) => TagHead.Embed(tagVectors, "mean tag vectors");     // (batch, embedDim)

    /// <summary>
    /// g for tag sets given as words (e.g. <c>[["red"], ["red", "circle"]]</c>): (sets, embedDim). Every word must be a
    /// tag (<see cref="Tags.Words"/>); an empty set has no embedding.
    /// </summary>
    public Tensor EmbedTags(IEnumerable<IReadOnlyList<string>> tagSets)
    {
        ArgumentNullException.ThrowIfNull(tagSets);
        var sets = tagSets.ToArray();
        if (sets.Length == 0) throw new ArgumentException("give at least one tag set.", nameof(tagSets));
        foreach (var set in sets)
        {
            if (set.Count == 0) throw new ArgumentException("an empty tag set has no embedding: give at least one tag.", nameof(tagSets));
            foreach (var w in set)
                if (!Tags.Words.Contains(w))
                    throw new ArgumentException($"'{w}' is not a tag: tags are the shape, colour and place words {string.Join(", ", Tags.Words)}.", nameof(tagSets));
        }
        using var scope = NewDisposeScope();
        var means = stack(sets.Select(s => Words.Mean(s)).ToArray());            // (sets, wordDim)
        return EmbedTagVectors(means).MoveToOuterDisposeScope();                 // (sets, embedDim)
    }

    /// <summary>
    /// The training loss of a batch: the hinge triplet loss of <see cref="Config"/> between f(images) and g(tags), leaving
    /// out the pairs <paramref name="alsoMatching"/> marks (an image that carries every tag of another row's set is no
    /// negative for it; <see cref="TaggedScenes.Batch"/> gives the matrix). Returns [].
    /// </summary>
    public Tensor Loss(Tensor pooled, Tensor tagVectors, Tensor? alsoMatching = null)
    {
        var f = EmbedImages(pooled);                                              // (batch, embedDim)
        var g = EmbedTagVectors(tagVectors);                                      // (batch, embedDim)
        if (f.shape[0] != g.shape[0]) throw new ArgumentException($"one tag set per image: {f.shape[0]} images but {g.shape[0]} tag sets.", nameof(tagVectors));
        return ContrastiveLoss.Loss(f, g, Config.Margin, Config.Negatives, alsoMatching); // []
    }

    /// <summary>Image ↔ tag-set retrieval on <paramref name="scenes"/> by the im2recipe protocol (<see cref="Retrieval.Evaluate"/>).</summary>
    public RetrievalResult Retrieve(TaggedScenes scenes, int subsetSize, int subsets = 10, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        return Retrieval.Evaluate(EmbedImages(scenes.Pooled), EmbedTagVectors(scenes.TagVectors), subsetSize, subsets, seed);
    }

    /// <summary>
    /// Tags for images: for every image, the <see cref="Tags.Words"/> ranked by similarity, best first, with their cosine.
    /// </summary>
    /// <param name="pooled">(images, encoderDim).</param>
    public IReadOnlyList<(string Tag, double Cosine)[]> RankTags(Tensor pooled)
    {
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        var images = EmbedImages(pooled);                                         // (images, embedDim)
        var tags = EmbedTags(Tags.Words.Select(w => (IReadOnlyList<string>)[w]));  // (tags, embedDim)
        var sim = images.matmul(tags.T).ToDoubles();                              // images × tags, row-major
        var n = Tags.Words.Count;
        return Enumerable.Range(0, (int)images.shape[0])
            .Select(i => Enumerable.Range(0, n).Select(j => (Tags.Words[j], sim[i * n + j])).OrderByDescending(t => t.Item2).ToArray())
            .ToArray();
    }

    /// <summary>
    /// Tag precision: for every scene, the share of its top-k ranked tags (k = its number of true tags) that are true —
    /// averaged over the scenes. 1 means every image's true tags rank first.
    /// </summary>
    public double TagPrecision(TaggedScenes scenes)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        var ranked = RankTags(scenes.Pooled);
        return ranked.Select((r, i) => r.Take(scenes.TagSets[i].Length).Count(t => scenes.TagSets[i].Contains(t.Tag)) / (double)scenes.TagSets[i].Length).Average();
    }

    /// <summary>Images for a tag set: the indices of <paramref name="scenes"/>, best first, with their cosine (e.g. <c>["red", "circle"]</c>).</summary>
    public IReadOnlyList<(int Index, double Cosine)> RankImages(TaggedScenes scenes, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        using var eval = EvalScope.Of(this);
        using var scope = NewDisposeScope();
        var query = EmbedTags([tags])[0];                                         // (embedDim)
        var sim = EmbedImages(scenes.Pooled).matmul(query).ToDoubles();           // one cosine per image
        return Enumerable.Range(0, sim.Length).Select(i => (i, sim[i])).OrderByDescending(p => p.Item2).ToArray();
    }
}
