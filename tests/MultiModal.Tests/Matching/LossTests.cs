using MultiModal.Models.Losses;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Matching;

/// <summary>The joint-embedding losses against hand loops and PyTorch's own implementation.</summary>
public class LossTests
{
    // The VSE / VSE++ formula, one pair and one negative at a time.
    private static double HandLoss(float[,] a, float[,] b, double margin, bool hardest)
    {
        var n = a.GetLength(0);
        double Cos(float[,] x, int i, float[,] y, int j)
        {
            double dot = 0, nx = 0, ny = 0;
            for (var d = 0; d < x.GetLength(1); d++) { dot += x[i, d] * y[j, d]; nx += x[i, d] * x[i, d]; ny += y[j, d] * y[j, d]; }
            return dot / Math.Sqrt(nx) / Math.Sqrt(ny);
        }
        double total = 0;
        for (var i = 0; i < n; i++)
        {
            var positive = Cos(a, i, b, i);
            double sumAB = 0, sumBA = 0, maxAB = 0, maxBA = 0;
            for (var j = 0; j < n; j++)
            {
                if (j == i) continue;
                var ab = Math.Max(0, margin - positive + Cos(a, i, b, j));
                var ba = Math.Max(0, margin - positive + Cos(a, j, b, i));
                sumAB += ab; sumBA += ba; maxAB = Math.Max(maxAB, ab); maxBA = Math.Max(maxBA, ba);
            }
            total += hardest ? maxAB + maxBA : sumAB + sumBA;
        }
        return total / n;
    }

    private static float[,] ToArray(Tensor t)
    {
        var r = new float[t.shape[0], t.shape[1]];
        for (var i = 0; i < r.GetLength(0); i++) for (var j = 0; j < r.GetLength(1); j++) r[i, j] = t[i, j].item<float>();
        return r;
    }

    [Theory]
    [InlineData(NegativeSampling.All)]
    [InlineData(NegativeSampling.Hardest)]
    public void The_triplet_loss_matches_the_formula_pair_by_pair(NegativeSampling negatives)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        for (var trial = 0; trial < 5; trial++)
        {
            var a = randn(6, 4);
            var b = randn(6, 4);
            var expected = HandLoss(ToArray(a), ToArray(b), 0.2, negatives == NegativeSampling.Hardest);
            Assert.Equal(expected, ContrastiveLoss.Loss(a, b, 0.2, negatives).item<float>(), 4);
        }
    }

    [Fact]
    public void Separated_pairs_cost_nothing_and_the_hardest_negative_never_costs_more_than_all()
    {
        using var scope = NewDisposeScope();
        var basis = eye(4);                                                       // orthogonal: s = 1 on the diagonal, 0 off it
        Assert.Equal(0f, ContrastiveLoss.Loss(basis, basis * 2, margin: 0.5).item<float>());
        Assert.Equal(2 * 3 * 1.5f, ContrastiveLoss.Loss(basis, basis, margin: 2.5, NegativeSampling.All).item<float>(), 4); // every hinge 2.5 − 1
        manual_seed(2);
        var a = randn(8, 5);
        var b = randn(8, 5);
        Assert.True(ContrastiveLoss.Loss(a, b, 0.2, NegativeSampling.Hardest).item<float>() <= ContrastiveLoss.Loss(a, b, 0.2, NegativeSampling.All).item<float>());
    }

    [Fact]
    public void Training_on_the_loss_aligns_a_batch()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var target = randn(8, 6);
        var a = new TorchSharp.Modules.Parameter(randn(8, 6));
        var optimizer = optim.Adam([a], 0.05);
        var before = ContrastiveLoss.Loss(a, target).item<float>();
        for (var step = 0; step < 200; step++)
        {
            optimizer.zero_grad();
            ContrastiveLoss.Loss(a, target).backward();
            optimizer.step();
        }
        Assert.True(before > 0.2);
        Assert.True(ContrastiveLoss.Loss(a, target).item<float>() < 0.01);
    }

    [Fact]
    public void The_cosine_loss_equals_PyTorchs_CosineEmbeddingLoss()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var a = randn(10, 7);
        var b = randn(10, 7);
        var matched = rand(10).gt(0.5);
        var reference = nn.functional.cosine_embedding_loss(a, b, where(matched, ones(10), -ones(10)), margin: 0.1);
        Assert.Equal(reference.item<float>(), CosineEmbeddingLoss.Loss(a, b, matched, 0.1).item<float>(), 5);
    }

    [Fact]
    public void Bad_input_is_explained()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("same shape", Assert.Throws<ArgumentException>(() => ContrastiveLoss.Loss(zeros(4, 3), zeros(4, 2))).Message);
        Assert.Contains("at least 2 pairs", Assert.Throws<ArgumentException>(() => ContrastiveLoss.Loss(ones(1, 3), ones(1, 3))).Message);
        Assert.Contains("one bool per pair", Assert.Throws<ArgumentException>(() => CosineEmbeddingLoss.Loss(ones(3, 2), ones(3, 2), ones(3))).Message);
    }
}
