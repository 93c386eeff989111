using MultiModal.Tensors;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Metrics;

/// <summary>
/// Cross-modal retrieval scores as the im2recipe protocol (Salvador et al. 2017) reports them: for every query, the
/// 1-based <b>rank</b> of its true match among the candidates (sorted by similarity, best first); the <b>median rank</b>
/// (MedR, lower is better, 1 is perfect) and <b>Recall@K</b> (the share of queries whose match is in the top K) over the
/// queries; and, because both grow with the number of candidates, the mean over several random subsets of N pairs
/// (the paper: 10 subsets of 1,000), in both directions. Query i's true match is candidate i. Ties count against the
/// query (a candidate as similar as the match ranks above it), so a model that scores everything the same gets the
/// worst rank, never the best.
/// </summary>
public static class Retrieval
{
    /// <summary>
    /// The 1-based rank of every query's true match: for query i, 1 + the number of other candidates j whose
    /// similarity to it is at least that of candidate i.
    /// </summary>
    /// <param name="similarity">(queries, candidates) with queries ≤ candidates; row i's match is column i.</param>
    public static int[] Ranks(Tensor similarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        if (similarity.dim() != 2 || similarity.shape[0] > similarity.shape[1] || similarity.shape[0] == 0)
            throw new ArgumentException($"expected a similarity matrix of shape [queries, candidates] with 1 ≤ queries ≤ candidates (query i's match is candidate i), got {similarity.ShapeText()}.", nameof(similarity));
        using var scope = NewDisposeScope();
        var s = similarity.detach().to(float64);                                   // (queries, candidates)
        var queries = s.shape[0];
        if (s.isnan().any().item<bool>()) throw new ArgumentException("the similarity matrix contains NaN: the embeddings are broken (a diverged model or an all-zero vector normalised).", nameof(similarity));
        var match = s.gather(1, Range(queries).unsqueeze(1));                       // (queries, 1): similarity to the true match
        var atLeast = s.ge(match).sum(1);                                          // (queries): the match itself and every tie or better
        return atLeast.to(int32).data<int>().ToArray();                            // 1 + others ≥ match
    }

    /// <summary>The median of the ranks (the mean of the two middle ones for an even count, as numpy's median).</summary>
    public static double MedianRank(IReadOnlyList<int> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        if (ranks.Count == 0) throw new ArgumentException("no ranks: retrieval needs at least one query.", nameof(ranks));
        var sorted = ranks.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /// <summary>Recall@K: the share of queries whose match ranks at most <paramref name="k"/>.</summary>
    public static double RecallAt(IReadOnlyList<int> ranks, int k)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        if (ranks.Count == 0) throw new ArgumentException("no ranks: retrieval needs at least one query.", nameof(ranks));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "K must be at least 1 (Recall@1 is the top-1 accuracy).");
        return ranks.Count(r => r <= k) / (double)ranks.Count;
    }

    /// <summary>
    /// The im2recipe protocol: <paramref name="subsets"/> random subsets of <paramref name="subsetSize"/> pairs (drawn
    /// without replacement from the <paramref name="a"/>–<paramref name="b"/> pairs, seeded), cosine similarity between
    /// the L2-normalised embeddings, ranks in both directions, MedR and Recall@K averaged over the subsets.
    /// </summary>
    /// <param name="a">(pairs, dim) embeddings of one modality (e.g. images); row i pairs with row i of <paramref name="b"/>.</param>
    /// <param name="b">(pairs, dim) embeddings of the other (e.g. recipes).</param>
    /// <param name="subsetSize">Pairs per subset (N; the paper's 1k setting is 1,000). At most the number of pairs.</param>
    /// <param name="subsets">Number of subsets averaged (the paper: 10).</param>
    /// <param name="seed">Seed of the subset draws.</param>
    /// <param name="ks">The K of every Recall@K reported (default 1, 5, 10).</param>
    public static RetrievalResult Evaluate(Tensor a, Tensor b, int subsetSize, int subsets = 10, int seed = 0, int[]? ks = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ks ??= [1, 5, 10];
        if (a.dim() != 2 || b.dim() != 2 || a.shape[0] != b.shape[0] || a.shape[1] != b.shape[1])
            throw new ArgumentException($"expected two embedding matrices of the same shape [pairs, dim], got {a.ShapeText()} and {b.ShapeText()}.", nameof(b));
        if (subsetSize < 1 || subsetSize > a.shape[0])
            throw new ArgumentOutOfRangeException(nameof(subsetSize), subsetSize, $"the subset size N must be between 1 and the number of pairs ({a.shape[0]}).");
        if (subsets < 1) throw new ArgumentOutOfRangeException(nameof(subsets), subsets, "average over at least one subset.");
        if (ks.Length == 0 || ks.Any(k => k < 1)) throw new ArgumentException("every K of Recall@K must be at least 1.", nameof(ks));
        var rng = new Random(seed);
        var forward = new List<(double MedR, double[] Recall)>();
        var backward = new List<(double MedR, double[] Recall)>();
        using var scope = NewDisposeScope();
        var na = nn.functional.normalize(a.detach().to(float32), dim: 1);            // (pairs, dim), unit rows
        var nb = nn.functional.normalize(b.detach().to(float32), dim: 1);            // (pairs, dim)
        for (var s = 0; s < subsets; s++)
        {
            using var inner = NewDisposeScope();
            var pick = Enumerable.Range(0, (int)a.shape[0]).OrderBy(_ => rng.Next()).Take(subsetSize).Select(i => (long)i).ToArray();
            var index = tensor(pick);                                                // (N)
            var sim = na.index_select(0, index).matmul(nb.index_select(0, index).T); // (N, N) cosine similarity
            var ab = Ranks(sim);
            var ba = Ranks(sim.T);
            forward.Add((MedianRank(ab), ks.Select(k => RecallAt(ab, k)).ToArray()));
            backward.Add((MedianRank(ba), ks.Select(k => RecallAt(ba, k)).ToArray()));
        }
        RetrievalScore Mean(List<(double MedR, double[] Recall)> runs) =>
            new(runs.Average(r => r.MedR), ks.Select((k, j) => (k, runs.Average(r => r.Recall[j]))).ToDictionary(x => x.k, x => x.Item2));
        return new RetrievalResult(Mean(forward), Mean(backward), subsetSize, subsets);
    }
}

/// <summary>Retrieval in one direction, averaged over the subsets.</summary>
/// <param name="MedianRank">Mean over subsets of the median rank (1 is perfect).</param>
/// <param name="RecallAt">Recall@K by K, mean over subsets.</param>
public sealed record RetrievalScore(double MedianRank, IReadOnlyDictionary<int, double> RecallAt)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"MedR {MedianRank:F1}, " + string.Join(", ", RecallAt.OrderBy(r => r.Key).Select(r => $"R@{r.Key} {r.Value:F3}"));
}

/// <summary>Retrieval in both directions (the im2recipe protocol).</summary>
/// <param name="AToB">Queries of the first modality retrieving the second (e.g. image → recipe).</param>
/// <param name="BToA">The other way (e.g. recipe → image).</param>
/// <param name="SubsetSize">N, pairs per subset.</param>
/// <param name="Subsets">Number of subsets averaged.</param>
public sealed record RetrievalResult(RetrievalScore AToB, RetrievalScore BToA, int SubsetSize, int Subsets)
{
    /// <inheritdoc />
    public override string ToString() => $"N = {SubsetSize} ({Subsets} subsets): → {AToB}; ← {BToA}";
}
