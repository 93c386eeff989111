using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Tagging;

/// <summary>One arithmetic query: image <paramref name="Source"/> − g(<paramref name="Remove"/>) + g(<paramref name="Add"/>), looking for an image tagged exactly <paramref name="Intended"/>.</summary>
/// <param name="Source">Index of the query image in the gallery.</param>
/// <param name="Remove">The colour taken away (e.g. "red").</param>
/// <param name="Add">The colour put in its place (e.g. "blue").</param>
/// <param name="Intended">The tags of the image the query should find.</param>
/// <param name="Top">The gallery indices retrieved, best first (the source excluded).</param>
/// <param name="Hit">True when one of them is tagged exactly <paramref name="Intended"/>.</param>
public sealed record ArithmeticQuery(int Source, string Remove, string Add, string[] Intended, int[] Top, bool Hit);

/// <summary>The outcome of <see cref="EmbeddingArithmetic.Evaluate"/>.</summary>
/// <param name="Queries">Every query, in order.</param>
/// <param name="HitRate">Share of queries whose intended image is in the top K.</param>
/// <param name="WithoutArithmetic">The same share when the source image alone is the query (no − g(remove) + g(add)): what the arithmetic adds.</param>
/// <param name="Chance">The expected share for a random ranking of the gallery.</param>
/// <param name="TopK">K.</param>
public sealed record ArithmeticResult(IReadOnlyList<ArithmeticQuery> Queries, double HitRate, double WithoutArithmetic, double Chance, int TopK)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Queries.Count} queries: intended image in the top {TopK} for {HitRate:P1} (without arithmetic {WithoutArithmetic:P1}, chance {Chance:P1})";
}

/// <summary>
/// Embedding arithmetic in the lecture's spirit — image(dog on grass) − "dog" + "cat" ≈ image(cat on grass) — measured
/// over many queries rather than shown once: for every single-object image of a gallery and every other colour, the
/// query f(image) − g(colour) + g(other colour) (renormalised) ranks the gallery, and it is a hit when an image tagged
/// with exactly the intended tags (the same shape and place, the other colour) is among the top K. Queries whose
/// intended image does not occur in the gallery are skipped.
/// </summary>
public static class EmbeddingArithmetic
{
    /// <summary>Runs every query on <paramref name="gallery"/>.</summary>
    public static ArithmeticResult Evaluate(TagEmbedding model, TaggedScenes gallery, int topK = 5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gallery);
        if (topK < 1) throw new ArgumentOutOfRangeException(nameof(topK), topK, "K must be at least 1.");
        var colours = Attributes.Colors.Select(Attributes.Word).ToArray();
        var keys = gallery.TagSets.Select(t => string.Join(' ', t)).ToArray();
        var queries = new List<ArithmeticQuery>();
        var plainHits = 0;
        var chance = 0.0;
        using var eval = EvalScope.Of(model);
        using var scope = NewDisposeScope();
        var images = model.EmbedImages(gallery.Pooled);                            // (n, embedDim)
        var colourVectors = model.EmbedTags(colours.Select(c => (IReadOnlyList<string>)[c]));  // (colours, embedDim)
        for (var i = 0; i < gallery.Count; i++)
        {
            if (gallery.Samples[i].Scene.Objects.Count != 1) continue;
            var tags = gallery.TagSets[i];
            var colour = Array.IndexOf(colours, tags.First(colours.Contains));
            int[]? plainTop = null;                                                 // the source image alone as the query, computed once
            for (var other = 0; other < colours.Length; other++)
            {
                if (other == colour) continue;
                var intended = Tags.Words.Where(w => (tags.Contains(w) && w != colours[colour]) || w == colours[other]).ToArray();
                var key = string.Join(' ', intended);
                var present = keys.Count(k => k == key);
                if (present == 0) continue;                                         // no such image to find (e.g. a held-out pair)
                using var inner = NewDisposeScope();
                var query = nn.functional.normalize((images[i] - colourVectors[colour]).Plus(colourVectors[other]), dim: 0); // (embedDim)
                var top = Top(images.matmul(query), i, topK);
                queries.Add(new ArithmeticQuery(i, colours[colour], colours[other], intended, top, top.Any(t => keys[t] == key)));
                plainTop ??= Top(images.matmul(images[i]), i, topK);
                if (plainTop.Any(t => keys[t] == key)) plainHits++;
                chance += 1 - Choose(gallery.Count - 1 - present, topK) / Choose(gallery.Count - 1, topK);
            }
        }
        if (queries.Count == 0) throw new InvalidOperationException("The gallery has no single-object image whose recoloured twin is also in it: use a larger gallery.");
        return new ArithmeticResult(queries, queries.Count(q => q.Hit) / (double)queries.Count, plainHits / (double)queries.Count, chance / queries.Count, topK);
    }

    // The k best gallery indices by similarity, the source image excluded.
    private static int[] Top(Tensor similarity, int exclude, int k)
    {
        var s = similarity.ToDoubles();                                            // one cosine per gallery image
        return Enumerable.Range(0, s.Length).Where(j => j != exclude).OrderByDescending(j => s[j]).Take(k).ToArray();
    }

    // C(n, k) as a double (the ratio of two is the chance that k random draws miss every intended image).
    private static double Choose(int n, int k)
    {
        if (k > n) return 0;
        double r = 1;
        for (var i = 0; i < k; i++) r *= (double)(n - i) / (k - i);
        return r;
    }
}
