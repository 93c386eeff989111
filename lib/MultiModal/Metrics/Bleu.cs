namespace MultiModal.Metrics;

/// <summary>
/// BLEU (Papineni et al., 2002) as the captioning papers compute it with the coco-caption toolkit
/// (<c>pycocoevalcap/bleu/bleu_scorer.py</c>):
/// <list type="bullet">
/// <item><b>clipped counts</b>: an n-gram of the hypothesis counts at most as often as it occurs in the single
/// reference where it is most frequent ("the the the the" does not score 4/4);</item>
/// <item><b>corpus level</b>: matches and totals are summed over all captions before dividing (not an average of
/// sentence scores);</item>
/// <item><b>brevity penalty</b> exp(1 − r/c) when the total hypothesis length c is shorter than r, the sum over
/// captions of the reference length closest to each hypothesis (ties → the shorter reference);</item>
/// <item>BLEU-n = BP · (p₁ ⋯ pₙ)^(1/n), with coco's guards: every pₖ is (matches + 1e−15) / (total + 1e−9), so a
/// corpus without a single 4-gram match gets a tiny positive BLEU-4 instead of NLTK's 0.</item>
/// </list>
/// Captions are token sequences (words or ids); tokenise and lower-case them the same way for hypotheses and
/// references.
/// </summary>
public static class Bleu
{
    private const double Tiny = 1e-15;   // coco-caption: "so that if guess is 0 still return 0"
    private const double Small = 1e-9;

    /// <summary>
    /// Corpus BLEU-1 … BLEU-<paramref name="maxN"/>.
    /// </summary>
    /// <param name="hypotheses">One generated caption per image.</param>
    /// <param name="references">For each image, its reference captions (at least one).</param>
    /// <param name="maxN">Highest n-gram order (4 for the usual BLEU-4).</param>
    public static BleuScore Corpus<T>(IReadOnlyList<IReadOnlyList<T>> hypotheses, IReadOnlyList<IReadOnlyList<IReadOnlyList<T>>> references, int maxN = 4)
    {
        ArgumentNullException.ThrowIfNull(hypotheses);
        ArgumentNullException.ThrowIfNull(references);
        if (maxN < 1) throw new ArgumentOutOfRangeException(nameof(maxN), maxN, "BLEU needs n-grams of order at least 1.");
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"BLEU needs one set of references per hypothesis: got {hypotheses.Count} hypotheses and {references.Count} reference sets.");
        if (hypotheses.Count == 0) throw new ArgumentException("BLEU of an empty corpus is undefined: no hypotheses given.", nameof(hypotheses));
        var matches = new long[maxN];
        var totals = new long[maxN];
        long c = 0, r = 0;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var refs = references[i];
            if (refs is null || refs.Count == 0) throw new ArgumentException($"Hypothesis {i} has no reference captions.", nameof(references));
            for (var n = 1; n <= maxN; n++)
            {
                var (m, t) = ClippedMatches(hypotheses[i], refs, n);
                matches[n - 1] += m;
                totals[n - 1] += t;
            }
            c += hypotheses[i].Count;
            r += ClosestReferenceLength(hypotheses[i].Count, refs);
        }
        var bp = BrevityPenalty(c, r);
        var scores = new double[maxN];
        var product = 1.0;
        for (var n = 1; n <= maxN; n++)
        {
            product *= (matches[n - 1] + Tiny) / (totals[n - 1] + Small);
            scores[n - 1] = Math.Pow(product, 1.0 / n) * bp;
        }
        return new BleuScore(scores, matches, totals, c, r, bp);
    }

    /// <summary>BLEU of one caption against its references (the corpus formula on a corpus of one).</summary>
    public static BleuScore Sentence<T>(IReadOnlyList<T> hypothesis, IReadOnlyList<IReadOnlyList<T>> references, int maxN = 4) =>
        Corpus([hypothesis], [references], maxN);

    /// <summary>
    /// BLEU's modified n-gram precision of one caption, as counts: the clipped matches (each hypothesis n-gram counts
    /// at most its maximum count in any single reference) and the number of hypothesis n-grams.
    /// </summary>
    public static (int Matches, int Total) ClippedMatches<T>(IReadOnlyList<T> hypothesis, IReadOnlyList<IReadOnlyList<T>> references, int n)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(references);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n-gram order must be at least 1.");
        var counts = NGrams.Count(hypothesis, n);
        var maxRef = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var reference in references)
            foreach (var (gram, k) in NGrams.Count(reference, n))
                if (!maxRef.TryGetValue(gram, out var old) || k > old) maxRef[gram] = k;
        var matches = 0;
        var total = 0;
        foreach (var (gram, k) in counts)
        {
            total += k;
            matches += Math.Min(k, maxRef.GetValueOrDefault(gram));
        }
        return (matches, total);
    }

    /// <summary>Modified n-gram precision of one caption: clipped matches / hypothesis n-grams (0 if it has none).</summary>
    public static double ClippedPrecision<T>(IReadOnlyList<T> hypothesis, IReadOnlyList<IReadOnlyList<T>> references, int n)
    {
        var (m, t) = ClippedMatches(hypothesis, references, n);
        return t == 0 ? 0 : (double)m / t;
    }

    /// <summary>The reference length closest to <paramref name="hypothesisLength"/> (ties → the shorter one).</summary>
    public static int ClosestReferenceLength<T>(int hypothesisLength, IReadOnlyList<IReadOnlyList<T>> references) =>
        references.Select(x => x.Count).OrderBy(l => Math.Abs(l - hypothesisLength)).ThenBy(l => l).First();

    /// <summary>exp(1 − r/c) if c &lt; r, else 1 (coco-caption's guarded form: ratio = (c + 1e−15)/(r + 1e−9)).</summary>
    public static double BrevityPenalty(long hypothesisLength, long referenceLength)
    {
        var ratio = (hypothesisLength + Tiny) / (referenceLength + Small);
        return ratio < 1 ? Math.Exp(1 - 1 / ratio) : 1.0;
    }
}
