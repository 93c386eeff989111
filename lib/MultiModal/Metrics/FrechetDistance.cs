using MultiModal.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Metrics;

/// <summary>
/// The Fréchet distance between two sets of feature vectors, each summarised as a Gaussian N(μ, Σ) (Dowson and Landau
/// 1982; used as FID by Heusel et al. 2017 with Inception-v3 pool features):
/// <code>
/// d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
/// </code>
/// the squared 2-Wasserstein distance between the two Gaussians. The value depends entirely on the feature extractor:
/// a distance on the course's attribute classifier is <b>not</b> an FID and cannot be compared with published FIDs.
/// Σ is the unbiased sample covariance (divided by n − 1, as numpy's <c>cov</c> in the reference implementation).
/// The matrix square roots come from symmetric eigendecompositions in float64 (Σ₁^½ = V diag(√λ) Vᵀ); eigenvalues
/// that rounding pushed below zero are clamped to zero, so the result is finite for singular covariances (fewer
/// samples than dimensions) too. Deviation: the reference code takes scipy's <c>sqrtm</c> of the non-symmetric Σ₁Σ₂,
/// which has the same trace; the symmetric form cannot return complex parts.
/// </summary>
public static class FrechetDistance
{
    /// <summary>The squared Fréchet distance between the Gaussians fitted to two feature sets.</summary>
    /// <param name="first">(n₁, d) features, n₁ ≥ 2.</param>
    /// <param name="second">(n₂, d) features, n₂ ≥ 2, the same d.</param>
    public static double Between(Tensor first, Tensor second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        CheckFeatures(first, nameof(first));
        CheckFeatures(second, nameof(second));
        if (first.shape[1] != second.shape[1])
            throw new ArgumentException($"both feature sets need the same width: the first is {first.ShapeText()}, the second {second.ShapeText()}; extract both with the same network layer.", nameof(second));
        using var scope = NewDisposeScope();
        var (mu1, sigma1) = Statistics(first);                                       // (d), (d, d)
        var (mu2, sigma2) = Statistics(second);                                      // (d), (d, d)
        return FromStatistics(mu1, sigma1, mu2, sigma2);
    }

    /// <summary>The mean (d) and unbiased covariance (d, d) of (n, d) features, in float64.</summary>
    public static (Tensor Mean, Tensor Covariance) Statistics(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckFeatures(features, nameof(features));
        using var scope = NewDisposeScope();
        var x = features.detach().to(float64);                                       // (n, d)
        var mean = x.mean([0L]);                                                     // (d)
        var centred = x - mean;                                                      // (n, d)
        using var degrees = ((double)(x.shape[0] - 1)).ToScalar();
        var covariance = centred.t().matmul(centred).div(degrees);                  // (d, d)
        return (mean.MoveToOuterDisposeScope(), covariance.MoveToOuterDisposeScope());
    }

    /// <summary>The squared Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂).</summary>
    /// <param name="mean1">(d)</param>
    /// <param name="covariance1">(d, d), symmetric positive semi-definite.</param>
    /// <param name="mean2">(d)</param>
    /// <param name="covariance2">(d, d), symmetric positive semi-definite.</param>
    public static double FromStatistics(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(covariance1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(covariance2);
        if (mean1.dim() != 1 || mean1.shape[0] == 0)
            throw new ArgumentException($"expected the first mean as a vector (d), got {mean1.ShapeText()}.", nameof(mean1));
        var d = mean1.shape[0];
        if (mean2.dim() != 1 || mean2.shape[0] != d)
            throw new ArgumentException($"expected the second mean as a vector ({d}) like the first, got {mean2.ShapeText()}.", nameof(mean2));
        CheckCovariance(covariance1, d, nameof(covariance1));
        CheckCovariance(covariance2, d, nameof(covariance2));
        using var scope = NewDisposeScope();
        var mu1 = mean1.detach().to(float64);                                        // (d)
        var mu2 = mean2.detach().to(float64);                                        // (d)
        var s1 = Symmetric(covariance1);                                             // (d, d)
        var s2 = Symmetric(covariance2);                                             // (d, d)
        foreach (var (t, name) in new[] { (mu1, nameof(mean1)), (mu2, nameof(mean2)), (s1, nameof(covariance1)), (s2, nameof(covariance2)) })
            if (!t.isfinite().all().item<bool>())
                throw new ArgumentException($"{name} contains NaN or infinity: the features it came from are broken (a diverged generator?).", name);
        var root1 = SquareRoot(s1);                                                  // (d, d): Σ₁^½
        var inner = Symmetric(root1.matmul(s2).matmul(root1));                       // (d, d): Σ₁^½ Σ₂ Σ₁^½, PSD
        var traceOfRoot = linalg.eigvalsh(inner).clamp_min(Constant(0.0)).sqrt().sum();          // (): Tr((Σ₁^½ Σ₂ Σ₁^½)^½)
        var delta = mu1 - mu2;                                                       // (d)
        var meanTerm = (delta * delta).sum();                                        // (): ‖μ₁ − μ₂‖²
        var distance = meanTerm.Plus(s1.trace()).Plus(s2.trace()) - traceOfRoot.mul(Constant(2.0)); // ()
        return Math.Max(0.0, distance.item<double>());                               // rounding can leave −1e-15
    }

    /// <summary>(A + Aᵀ) / 2: removes the rounding asymmetry eigh would otherwise silently ignore.</summary>
    private static Tensor Symmetric(Tensor a)
    {
        var x = a.detach().to(float64);                                              // (d, d)
        return x.Plus(x.t()).div(Constant(2.0));                                     // (d, d)
    }

    /// <summary>The PSD square root V diag(√max(λ, 0)) Vᵀ of a symmetric matrix.</summary>
    private static Tensor SquareRoot(Tensor symmetric)
    {
        var (values, vectors) = linalg.eigh(symmetric);                              // (d), (d, d)
        var roots = values.clamp_min(Constant(0.0)).sqrt();                                      // (d)
        return (vectors * roots.unsqueeze(0)).matmul(vectors.t());                   // (d, d)
    }

    private static void CheckFeatures(Tensor features, string name)
    {
        if (features.dim() != 2 || features.shape[0] < 2 || features.shape[1] == 0)
            throw new ArgumentException($"expected features of shape (n, d) with n ≥ 2 samples (a covariance needs two), got {features.ShapeText()}; flatten each sample's features into one row.", name);
        if (features.is_complex())
            throw new ArgumentException($"expected real features, got {features.dtype}.", name);
    }

    private static void CheckCovariance(Tensor covariance, long d, string name)
    {
        if (covariance.dim() != 2 || covariance.shape[0] != d || covariance.shape[1] != d)
            throw new ArgumentException($"expected a ({d}, {d}) covariance matching the means, got {covariance.ShapeText()}.", name);
    }
}
