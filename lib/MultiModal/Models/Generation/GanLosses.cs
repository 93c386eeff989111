using MultiModal.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Generation;

/// <summary>
/// The two players' objectives, in the hinge form (Lim and Ye 2017; Miyato et al. 2018) of Reed et al.'s GAN-CLS.
/// The matching-aware discriminator sees three kinds of pair — real image + right text (s_r), real image + wrong
/// text (s_w), generated image + right text (s_f):
/// <code>
/// L_D = E[max(0, 1 − s_r)] + ½ (E[max(0, 1 + s_w)] + E[max(0, 1 + s_f)])     (matching-aware, GAN-CLS)
/// L_D = E[max(0, 1 − s_r)] + E[max(0, 1 + s_f)]                              (plain conditional GAN)
/// L_G = −E[s_f]
/// </code>
/// Deviation: Reed et al. use the log-loss form (log D(x_r) + ½(log(1 − D(x_w)) + log(1 − D(x_f)))); the hinge form
/// bounds how far D pushes scores that are already right, which kept our small GAN's two players balanced.
/// </summary>
public static class GanLosses
{
    /// <summary>The discriminator's loss (a scalar); <paramref name="realWrong"/> null = the plain conditional GAN.</summary>
    /// <param name="realRight">(B) scores of real images with their own sentences.</param>
    /// <param name="realWrong">(B) scores of real images with another image's sentence, or null.</param>
    /// <param name="fakeRight">(B) scores of generated images with the sentences they were generated from.</param>
    public static Tensor Discriminator(Tensor realRight, Tensor? realWrong, Tensor fakeRight)
    {
        ArgumentNullException.ThrowIfNull(realRight);
        ArgumentNullException.ThrowIfNull(fakeRight);
        CheckScores(realRight, nameof(realRight));
        CheckScores(fakeRight, nameof(fakeRight));
        var real = functional.relu(realRight.SubtractedFrom(1.0)).mean();            // []: E[max(0, 1 − s_r)]
        var fake = functional.relu(fakeRight.Plus(1.0)).mean();                       // []: E[max(0, 1 + s_f)]
        if (realWrong is null) return real.Plus(fake);                                // []
        CheckScores(realWrong, nameof(realWrong));
        var wrong = functional.relu(realWrong.Plus(1.0)).mean();                      // []: E[max(0, 1 + s_w)]
        return real.Plus(wrong.Plus(fake).mul(Constant(0.5)));                        // []
    }

    /// <summary>The generator's loss −E[s_f] (a scalar) from the scores (B) of its images.</summary>
    public static Tensor Generator(Tensor fakeScores)
    {
        ArgumentNullException.ThrowIfNull(fakeScores);
        CheckScores(fakeScores, nameof(fakeScores));
        return fakeScores.mean().neg();                                               // []
    }

    /// <summary>GAN-INT: β φ₁ + (1 − β) φ₂ for sentence embeddings (B, d) of the same shape; β = ½ in Reed et al.</summary>
    public static Tensor Interpolate(Tensor first, Tensor second, double beta = 0.5)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!first.shape.SequenceEqual(second.shape))
            throw new ArgumentException($"interpolation needs two embeddings of one shape, got {first.ShapeText()} and {second.ShapeText()}.", nameof(second));
        if (!(beta >= 0 && beta <= 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be in [0, 1].");
        using var b = beta.ToScalar();
        using var rest = (1 - beta).ToScalar();
        return first.mul(b).Plus(second.mul(rest));                                   // (B, d)
    }

    private static void CheckScores(Tensor scores, string name)
    {
        if (scores.dim() != 1 || scores.shape[0] == 0)
            throw new ArgumentException($"expected one discriminator score per image, shape (B), got {scores.ShapeText()}; reshape D's output with .reshape(-1).", name);
    }
}
