using MultiModal.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Generation;

/// <summary>
/// The Fréchet distance against closed forms that do not use the code's eigendecompositions: in one dimension
/// d² = (μ₁ − μ₂)² + (σ₁ − σ₂)²; for diagonal covariances the sum of that over dimensions; for two non-commuting 2×2
/// covariances Tr √M = √(Tr M + 2 √det M) with Tr M = Tr(Σ₁Σ₂) and det M = det Σ₁ det Σ₂ (the eigenvalues of
/// M = Σ₁^½ Σ₂ Σ₁^½ are those of Σ₁Σ₂).
/// </summary>
public class FrechetDistanceTests
{
    private static Tensor Matrix(double[,] values) => tensor(values, float64);

    [Fact]
    public void One_dimension_is_the_squared_difference_of_means_plus_that_of_standard_deviations()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new double[,] { { 1 }, { 3 } });                        // mean 2, unbiased variance 2
        var b = tensor(new double[,] { { 0 }, { 4 }, { 8 } });                 // mean 4, unbiased variance 16
        var expected = Math.Pow(2 - 4, 2) + Math.Pow(Math.Sqrt(2) - 4, 2);    // 10.686291501…
        Assert.Equal(expected, FrechetDistance.Between(a, b), 10);
        Assert.Equal(expected, FrechetDistance.Between(b, a), 10);            // symmetric
    }

    [Fact]
    public void Diagonal_covariances_add_up_per_dimension()
    {
        using var scope = NewDisposeScope();
        var mu1 = tensor(new double[] { 0, 1, -2 });
        var mu2 = tensor(new double[] { 3, 1, 0 });
        double[] v1 = [1, 4, 0.25], v2 = [9, 1, 0.25];
        var expected = 9 + 0 + 4 + Math.Pow(1 - 3, 2) + Math.Pow(2 - 1, 2) + 0;   // ‖Δμ‖² + Σ(√v₁ − √v₂)² = 13 + 5
        var d = FrechetDistance.FromStatistics(mu1, diag(tensor(v1)), mu2, diag(tensor(v2)));
        Assert.Equal(expected, d, 10);
    }

    [Fact]
    public void Non_commuting_two_by_two_covariances_match_the_closed_form_of_the_trace_of_a_square_root()
    {
        using var scope = NewDisposeScope();
        var s1 = Matrix(new double[,] { { 2, 1 }, { 1, 2 } });
        var s2 = Matrix(new double[,] { { 1, 0 }, { 0, 3 } });                // Σ₁Σ₂ ≠ Σ₂Σ₁
        var traceM = 2 * 1 + 2 * 3;                                           // Tr(Σ₁Σ₂) = 8
        var detM = 3.0 * 3.0;                                                 // det Σ₁ · det Σ₂ = 9
        var traceRoot = Math.Sqrt(traceM + 2 * Math.Sqrt(detM));              // √14
        var expected = (1 * 1 + 2 * 2) + 4 + 4 - 2 * traceRoot;               // 5 + 8 − 2√14 = 5.5166852…
        var d = FrechetDistance.FromStatistics(zeros(2, float64), s1, tensor(new double[] { 1, 2 }), s2);
        Assert.Equal(expected, d, 10);
        Assert.Equal(expected, FrechetDistance.FromStatistics(tensor(new double[] { 1, 2 }), s2, zeros(2, float64), s1), 10);
    }

    [Fact]
    public void Statistics_are_the_mean_and_the_unbiased_covariance()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new double[,] { { 1, 2 }, { 3, 0 }, { 5, 4 } });
        var (mean, cov) = FrechetDistance.Statistics(x);
        Assert.Equal(new double[] { 3, 2 }, mean.data<double>().ToArray());
        // by hand: centred rows (−2, 0), (0, −2), (2, 2); XᵀX / (n − 1) = [[8, 4], [4, 8]] / 2
        Assert.Equal(new double[] { 4, 2, 2, 4 }, cov.data<double>().ToArray());
    }

    [Fact]
    public void A_set_is_at_distance_zero_from_itself_and_scaling_both_sets_scales_the_distance_by_the_square()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(7);
        var a = randn(200, 6, float64, generator: g);
        var b = randn(300, 6, float64, generator: g) * 1.5 + 0.3;
        Assert.Equal(0.0, FrechetDistance.Between(a, a), 9);
        var d = FrechetDistance.Between(a, b);
        Assert.True(d > 0.5, $"two different Gaussians should be apart, got {d}");
        Assert.Equal(9 * d, FrechetDistance.Between(a * 3, b * 3), 8);         // d²(cA, cB) = c² d²(A, B)
        Assert.Equal(d, FrechetDistance.Between(a + 5, b + 5), 8);             // a shared shift changes nothing
    }

    [Fact]
    public void Fewer_samples_than_dimensions_give_a_finite_distance()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        var a = randn(5, 40, float64, generator: g);                           // rank-4 covariances: singular
        var b = randn(5, 40, float64, generator: g);
        var d = FrechetDistance.Between(a, b);
        Assert.True(double.IsFinite(d) && d > 0, $"expected a finite positive distance, got {d}");
        Assert.Equal(0.0, FrechetDistance.Between(a, a), 6);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_the_shapes_in_the_message()
    {
        using var scope = NewDisposeScope();
        var widths = Assert.Throws<ArgumentException>(() => FrechetDistance.Between(zeros(4, 3), zeros(4, 5)));
        Assert.Contains("[4, 3]", widths.Message);
        Assert.Contains("[4, 5]", widths.Message);
        var one = Assert.Throws<ArgumentException>(() => FrechetDistance.Between(zeros(1, 3), zeros(4, 3)));
        Assert.Contains("n ≥ 2", one.Message);
        Assert.Throws<ArgumentException>(() => FrechetDistance.Between(zeros(4), zeros(4, 3)));
        var nan = full(4, 3, double.NaN);
        var broken = Assert.Throws<ArgumentException>(() => FrechetDistance.Between(nan, ones(4, 3)));
        Assert.Contains("NaN", broken.Message);
        var cov = Assert.Throws<ArgumentException>(() => FrechetDistance.FromStatistics(zeros(3), eye(2), zeros(3), eye(3)));
        Assert.Contains("(3, 3)", cov.Message);
    }
}
