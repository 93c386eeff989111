using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using MultiModal.Models.Attention;

namespace MultiModal.Tests.Captioning;

public class SoftAttentionTests
{
    [Fact]
    public void Weights_sum_to_one_and_context_is_their_weighted_sum()
    {
        CaptionTestData.Seed(40);
        using var scope = NewDisposeScope();
        var attention = new SoftAttention(featureDim: 6, queryDim: 5, attentionDim: 4);
        var pixels = randn(3, 9, 6);
        var hidden = randn(3, 5);
        var (context, weights) = attention.forward(pixels, hidden);
        Assert.Equal(new long[] { 3, 6 }, context.shape);
        Assert.Equal(new long[] { 3, 9 }, weights.shape);
        Assert.True(weights.sum(1).allclose(ones(3), 1e-6, 1e-6));
        // independent formula, written out: e_i = w·tanh(W_a a_i + W_h h) + b, s = softmax(e), z = Σ s_i a_i
        for (var b = 0; b < 3; b++)
        {
            var e = new double[9];
            for (var i = 0; i < 9; i++)
                e[i] = attention.Score.forward(tanh(attention.FeatureProjection.forward(pixels[b, i]) + attention.QueryProjection.forward(hidden[b]))).item<float>();
            var max = e.Max();
            var s = e.Select(v => Math.Exp(v - max)).ToArray();
            var sum = s.Sum();
            for (var i = 0; i < 9; i++) Assert.Equal(s[i] / sum, weights[b, i].item<float>(), 5);
            var z = zeros(6);
            for (var i = 0; i < 9; i++) z += pixels[b, i] * (float)(s[i] / sum);
            Assert.True(z.allclose(context[b], 1e-5, 1e-5));
        }
    }

    [Fact]
    public void Gradients_match_finite_differences_in_float64()
    {
        CaptionTestData.Seed(41);
        using var scope = NewDisposeScope();
        var attention = new SoftAttention(featureDim: 4, queryDim: 3, attentionDim: 5);
        attention.to(float64);
        var pixels = randn(2, 6, 4, dtype: float64).requires_grad_(true);
        var hidden = randn(2, 3, dtype: float64).requires_grad_(true);
        var probeContext = randn(2, 4, dtype: float64);                     // a random linear read-out of both outputs
        var probeWeights = randn(2, 6, dtype: float64);
        Tensor Objective()
        {
            var (c, w) = attention.forward(pixels, hidden);
            return (c * probeContext).sum() + (w * probeWeights).sum();
        }
        Objective().backward();
        var weight = attention.QueryProjection.weight!;
        var checks = new (string Name, Tensor Variable)[] { ("pixels", pixels), ("hidden", hidden), ("W_h", weight), ("w", attention.Score.weight!) };
        foreach (var (name, variable) in checks)
        {
            var analytic = variable.grad!.clone();
            var numeric = zeros_like(variable);
            const double h = 1e-6;
            using (no_grad())
            {
                var flat = variable.view(-1);
                var numFlat = numeric.view(-1);
                for (var i = 0; i < flat.shape[0]; i++)
                {
                    var old = flat[i].item<double>();
                    flat[i] = old + h;
                    var plus = Objective().item<double>();
                    flat[i] = old - h;
                    var minus = Objective().item<double>();
                    flat[i] = old;
                    numFlat[i] = (plus - minus) / (2 * h);
                }
            }
            var err = (analytic - numeric).abs().max().item<double>();
            Assert.True(err < 1e-7, $"gradient of {name}: max |autograd − finite difference| = {err:E2}");
        }
    }
}
