using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Exercises;

/// <summary>
/// Expectations for check cells. Each throws <see cref="CheckFailedException"/> with a message that teaches:
/// what was expected, what was found, and where ("expected attention weights of shape [8, 64], got [8, 8, 8]").
/// </summary>
public static class Expect
{
    private static string Shape(long[] s) => $"[{string.Join(", ", s)}]";
    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>The tensor has exactly this shape.</summary>
    public static void Shape(Tensor actual, long[] expected, string what)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (!actual.shape.SequenceEqual(expected))
            throw new CheckFailedException($"expected {what} of shape {Shape(expected)}, got {Shape(actual.shape)}.");
    }

    /// <summary>The tensor has this element type.</summary>
    public static void DType(Tensor actual, ScalarType expected, string what)
    {
        if (actual.dtype != expected)
            throw new CheckFailedException($"expected {what} to be {expected}, got {actual.dtype}.");
    }

    /// <summary>A condition holds; <paramref name="message"/> says what should be true.</summary>
    public static void True(bool condition, string message)
    {
        if (!condition) throw new CheckFailedException(message);
    }

    /// <summary>Two values are equal.</summary>
    public static void Equal<T>(T actual, T expected, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(actual, expected))
            throw new CheckFailedException($"expected {what} to be {expected}, got {actual}.");
    }

    /// <summary>|actual − expected| ≤ tolerance.</summary>
    public static void Close(double actual, double expected, double tolerance, string what)
    {
        if (double.IsNaN(actual) || Math.Abs(actual - expected) > tolerance)
            throw new CheckFailedException($"expected {what} ≈ {F(expected)} (± {F(tolerance)}), got {F(actual)}.");
    }

    /// <summary>
    /// Same shape, all finite, and |actual − expected| ≤ atol + rtol·|expected| everywhere (like <c>torch.allclose</c>);
    /// the message names the worst element.
    /// </summary>
    public static void Close(Tensor actual, Tensor expected, string what, double atol = 1e-5, double rtol = 1e-4)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        Shape(actual, expected.shape, what);
        using var scope = NewDisposeScope();
        var a = actual.detach().to(float64);
        var e = expected.detach().to(float64);
        if (!a.isfinite().all().item<bool>())
            throw new CheckFailedException($"{what} contains NaN or infinite values.");
        using var absolute = atol.ToScalar();
        using var relative = rtol.ToScalar();
        var excess = (a - e).abs() - (e.abs() * relative).add(absolute, One);
        var worst = excess.flatten().argmax().item<long>();
        if (excess.flatten()[worst].item<double>() > 0)
        {
            var idx = Unravel(worst, expected.shape);
            throw new CheckFailedException(
                $"{what} differs from the reference: at index [{string.Join(", ", idx)}] expected {F(e.flatten()[worst].item<double>())}, got {F(a.flatten()[worst].item<double>())} " +
                $"(max abs difference {F((a - e).abs().max().item<double>())}).");
        }
    }

    /// <summary>Probabilities along <paramref name="dim"/> are non-negative and sum to 1 (within <paramref name="tolerance"/>).</summary>
    public static void SumsToOne(Tensor weights, long dim, string what, double tolerance = 1e-4)
    {
        using var scope = NewDisposeScope();
        var w = weights.detach().to(float64);
        if (!w.isfinite().all().item<bool>())
            throw new CheckFailedException($"{what} contains NaN or infinite values (an overflowing exp? subtract the maximum first).");
        if (w.min().item<double>() < -tolerance) throw new CheckFailedException($"{what} has negative entries (min {F(w.min().item<double>())}); weights must be ≥ 0.");
        var dev = (w.sum(dim) - Constant(1L)).abs().max().item<double>();
        if (dev > tolerance) throw new CheckFailedException($"{what} do not sum to 1 over dim {dim}: max deviation {F(dev)}.");
    }

    /// <summary>
    /// Compares a student's function with the reference on <paramref name="trials"/> fresh random inputs
    /// (made by <paramref name="makeInput"/> from a trial index) — values and, when <paramref name="checkGradient"/>,
    /// the gradient of the sum of outputs with respect to the input.
    /// </summary>
    public static void SameAsReference(Func<Tensor, Tensor> student, Func<Tensor, Tensor> reference, Func<int, Tensor> makeInput,
        string what, int trials = 5, double atol = 1e-5, double rtol = 1e-4, bool checkGradient = false)
    {
        for (var t = 0; t < trials; t++)
        {
            using var scope = NewDisposeScope();
            var x = makeInput(t);
            var xs = checkGradient ? x.detach().clone().requires_grad_(true) : x;
            var xr = checkGradient ? x.detach().clone().requires_grad_(true) : x;
            var ys = student(xs);
            var yr = reference(xr);
            try { Close(ys, yr, what, atol, rtol); }
            catch (CheckFailedException e) { throw new CheckFailedException($"on random input #{t + 1} of shape {Shape(x.shape)}: {e.Message}"); }
            if (!checkGradient) continue;
            if (!ys.requires_grad)
                throw new CheckFailedException($"{what}: the output does not depend on the input through autograd, so no gradient can reach it; is the computation differentiable (no .detach(), no .item(), no new tensor built from numbers)?");
            ys.sum().backward();
            yr.sum().backward();
            if (xs.grad is null) throw new CheckFailedException($"{what}: no gradient reached the input; is the computation differentiable (no .detach(), no .item())?");
            Close(xs.grad, xr.grad!, $"the gradient of {what}", atol * 10, rtol * 10);
        }
    }

    private static long[] Unravel(long flat, long[] shape)
    {
        var idx = new long[shape.Length];
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return idx;
    }
}
