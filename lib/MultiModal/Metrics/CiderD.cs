namespace MultiModal.Metrics;

/// <summary>
/// CIDEr-D (Vedantam et al., 2015), as computed by coco-caption's <c>pycocoevalcap/cider/cider_scorer.py</c>.
/// Every caption becomes, for n = 1 … 4, a TF-IDF vector of its n-grams: term frequency times
/// log(#images) − log(max(1, document frequency)), where the document frequency of an n-gram is the number of
/// images whose <i>references</i> contain it — so n-grams every image shares ("a", "the") weigh nothing and
/// distinctive ones weigh most. The score of an image averages, over its references and over n, the cosine
/// similarity of candidate and reference vectors, with CIDEr-D's two changes: the candidate's counts are
/// <b>clipped</b> at the reference's (min(candidate, reference) · reference), and a <b>length penalty</b>
/// exp(−δ²/(2σ²)), σ = 6, where δ is the difference of their lengths (coco counts bigrams, i.e. words − 1). Times 10.
/// The IDF comes from the corpus being scored, so scores of different test sets are not comparable.
/// </summary>
public static class CiderD
{
    /// <summary>σ of the length penalty (coco-caption's default).</summary>
    public const double Sigma = 6.0;

    /// <summary>Highest n-gram order (coco-caption's default).</summary>
    public const int MaxN = 4;

    /// <summary>
    /// CIDEr-D of a corpus: the mean over images of <see cref="Scores"/>.
    /// </summary>
    /// <param name="candidates">One generated caption per image.</param>
    /// <param name="references">For each image, its reference captions (at least one).</param>
    public static double Corpus<T>(IReadOnlyList<IReadOnlyList<T>> candidates, IReadOnlyList<IReadOnlyList<IReadOnlyList<T>>> references) =>
        Scores(candidates, references).Average();

    /// <summary>CIDEr-D of every image of the corpus (the IDF is computed from all references).</summary>
    public static double[] Scores<T>(IReadOnlyList<IReadOnlyList<T>> candidates, IReadOnlyList<IReadOnlyList<IReadOnlyList<T>>> references)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(references);
        if (candidates.Count != references.Count)
            throw new ArgumentException($"CIDEr-D needs one set of references per candidate: got {candidates.Count} candidates and {references.Count} reference sets.");
        if (candidates.Count == 0) throw new ArgumentException("CIDEr-D of an empty corpus is undefined: no candidates given.", nameof(candidates));
        for (var i = 0; i < references.Count; i++)
            if (references[i] is null || references[i].Count == 0) throw new ArgumentException($"Candidate {i} has no reference captions.", nameof(references));

        // document frequency: in how many images' reference sets does each n-gram occur?
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var referenceCounts = references.Select(refs => refs.Select(Counts).ToArray()).ToArray();
        foreach (var refs in referenceCounts)
            foreach (var gram in refs.SelectMany(r => r.SelectMany(byOrder => byOrder.Keys)).Distinct())
                documentFrequency[gram] = documentFrequency.GetValueOrDefault(gram) + 1;
        var logImages = Math.Log(candidates.Count);

        var scores = new double[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var (vec, norm, length) = TfIdf(Counts(candidates[i]), documentFrequency, logImages);
            var sum = new double[MaxN];
            foreach (var reference in referenceCounts[i])
            {
                var (refVec, refNorm, refLength) = TfIdf(reference, documentFrequency, logImages);
                double delta = length - refLength;
                var penalty = Math.Exp(-(delta * delta) / (2 * Sigma * Sigma));
                for (var n = 0; n < MaxN; n++)
                {
                    if (norm[n] == 0 || refNorm[n] == 0) continue;     // no n-grams of this order (or all weigh 0)
                    var dot = 0.0;
                    foreach (var (gram, value) in vec[n])
                        if (refVec[n].TryGetValue(gram, out var refValue)) dot += Math.Min(value, refValue) * refValue;
                    sum[n] += dot / (norm[n] * refNorm[n]) * penalty;
                }
            }
            scores[i] = sum.Average() / referenceCounts[i].Length * 10.0;
        }
        return scores;
    }

    private static Dictionary<string, int>[] Counts<T>(IReadOnlyList<T> caption) =>
        Enumerable.Range(1, MaxN).Select(n => NGrams.Count(caption, n)).ToArray();

    private static (Dictionary<string, double>[] Vec, double[] Norm, int Length) TfIdf(
        Dictionary<string, int>[] counts, Dictionary<string, int> documentFrequency, double logImages)
    {
        var vec = new Dictionary<string, double>[MaxN];
        var norm = new double[MaxN];
        for (var n = 0; n < MaxN; n++)
        {
            vec[n] = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (gram, tf) in counts[n])
            {
                var weight = tf * (logImages - Math.Log(Math.Max(1, documentFrequency.GetValueOrDefault(gram))));
                vec[n][gram] = weight;
                norm[n] += weight * weight;
            }
            norm[n] = Math.Sqrt(norm[n]);
        }
        var length = counts[1].Values.Sum();   // coco-caption's "length": the number of bigrams
        return (vec, norm, length);
    }
}
