using MultiModal.Metrics;
using MultiModal.Tensors;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Matching;

/// <summary>Recall@K and median rank as the im2recipe protocol computes them, on hand-made similarity matrices.</summary>
public class RetrievalTests
{
    [Fact]
    public void Ranks_count_the_match_and_everything_at_least_as_similar()
    {
        using var scope = NewDisposeScope();
        var sim = tensor(new float[,]
        {
            { 0.9f, 0.1f, 0.2f },    // query 0: its match is best → rank 1
            { 0.8f, 0.5f, 0.6f },    // query 1: 0.8 and 0.6 beat 0.5 → rank 3
            { 0.3f, 0.7f, 0.7f },    // query 2: a tie with candidate 1 counts against it → rank 2
        });
        Assert.Equal(new[] { 1, 3, 2 }, Retrieval.Ranks(sim));
        Assert.Equal(new[] { 1, 2, 1 }, Retrieval.Ranks(sim.T));                 // the other direction: columns as queries
        Assert.Equal(new[] { 3, 3, 3 }, Retrieval.Ranks(ones(3, 3)));           // a constant model gets the worst rank
    }

    [Fact]
    public void Median_rank_and_recall_follow_their_definitions()
    {
        Assert.Equal(2, Retrieval.MedianRank([1, 3, 2]));
        Assert.Equal(2.5, Retrieval.MedianRank([1, 4, 2, 3]));                   // even count: mean of the middle two
        Assert.Equal(1.0 / 3, Retrieval.RecallAt([1, 3, 2], 1), 12);
        Assert.Equal(2.0 / 3, Retrieval.RecallAt([1, 3, 2], 2), 12);
        Assert.Equal(1.0, Retrieval.RecallAt([1, 3, 2], 10));
        Assert.Throws<ArgumentException>(() => Retrieval.MedianRank([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Retrieval.RecallAt([1], 0));
    }

    [Fact]
    public void Perfect_and_random_embeddings_score_as_expected_in_both_directions()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var a = randn(200, 16);
        var perfect = Retrieval.Evaluate(a, a * 3, subsetSize: 100, subsets: 5, seed: 1); // same directions: cosine 1 on the diagonal
        Assert.Equal(1.0, perfect.AToB.MedianRank);
        Assert.Equal(1.0, perfect.BToA.RecallAt[1]);
        var random = Retrieval.Evaluate(a, randn(200, 16), subsetSize: 100, subsets: 5, seed: 1);
        Assert.InRange(random.AToB.MedianRank, 35, 65);                           // about N/2 for unrelated embeddings
        Assert.InRange(random.BToA.RecallAt[10], 0.03, 0.2);                      // about K/N = 0.1
        var noisy = randn(200, 16).add(a);
        var first = Retrieval.Evaluate(a, noisy, subsetSize: 50, subsets: 3, seed: 7);
        var second = Retrieval.Evaluate(a, noisy, subsetSize: 50, subsets: 3, seed: 7);
        Assert.Equal(first.AToB.MedianRank, second.AToB.MedianRank);            // the subsets are seeded
        Assert.InRange(first.AToB.MedianRank, 1, 25);                             // related embeddings rank far above chance (25)
        Assert.Contains("N = 50", first.ToString());
    }

    [Fact]
    public void Bad_input_is_explained()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("[queries, candidates]", Assert.Throws<ArgumentException>(() => Retrieval.Ranks(zeros(4, 3))).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Retrieval.Ranks(full(2, 2, float.NaN))).Message);
        Assert.Contains("same shape", Assert.Throws<ArgumentException>(() => Retrieval.Evaluate(zeros(5, 4), zeros(5, 3), 5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Retrieval.Evaluate(zeros(5, 4), zeros(5, 4), 6));
    }
}
