using MultiModal.Audio;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class WindowsTests
{
    internal static double[] D(Tensor t) { using var d = t.detach().to(float64).contiguous().flatten(); return d.data<double>().ToArray(); }

    [Fact]
    public void Small_windows_match_textbook_values()
    {
        // Symmetric 5-point values as printed by numpy.hamming(5) / numpy.hanning(5); periodic 4-point = first 4 of the symmetric 5-point.
        Assert.Equal([0.08, 0.54, 1.0, 0.54, 0.08], D(Windows.Hamming(5, periodic: false)), new Tol(1e-7));
        Assert.Equal([0.0, 0.5, 1.0, 0.5, 0.0], D(Windows.Hann(5, periodic: false)), new Tol(1e-7));
        Assert.Equal([0.08, 0.54, 1.0, 0.54], D(Windows.Hamming(4, periodic: true)), new Tol(1e-7));
        Assert.Equal([0.0, 0.5, 1.0, 0.5], D(Windows.Hann(4, periodic: true)), new Tol(1e-7));
        Assert.Equal([1.0, 1.0, 1.0], D(Windows.Rectangular(3)));
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(400, false)]
    [InlineData(257, true)]
    [InlineData(31, false)]
    public void Hann_and_Hamming_equal_their_formulas_and_torch(int n, bool periodic)
    {
        var m = periodic ? n : n - 1;
        var hann = Enumerable.Range(0, n).Select(i => 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / m)).ToArray();
        var hamming = Enumerable.Range(0, n).Select(i => 0.54 - 0.46 * Math.Cos(2 * Math.PI * i / m)).ToArray();
        Assert.Equal(hann, D(Windows.Hann(n, periodic, ScalarType.Float64)), new Tol(1e-12));
        Assert.Equal(hamming, D(Windows.Hamming(n, periodic, ScalarType.Float64)), new Tol(1e-12));
        Assert.Equal(hann, Windows.Values(WindowKind.Hann, n, periodic), new Tol(1e-12));
        Assert.Equal(hamming, Windows.Values(WindowKind.Hamming, n, periodic), new Tol(1e-12));
        Assert.Equal(D(hann_window(n, periodic, dtype: float64)), D(Windows.Hann(n, periodic, ScalarType.Float64)), new Tol(1e-12));
        // torch.hamming_window takes alpha/beta as float32 (0.54f = 0.5400000214...), hence the looser tolerance.
        Assert.Equal(D(hamming_window(n, periodic, dtype: float64)), D(Windows.Hamming(n, periodic, ScalarType.Float64)), new Tol(1e-7));
    }

    [Fact]
    public void Symmetric_windows_are_symmetric_and_periodic_ones_tile()
    {
        var sym = Windows.Values(WindowKind.Hamming, 101, periodic: false);
        for (var i = 0; i < sym.Length; i++) Assert.Equal(sym[i], sym[^(i + 1)], 12);
        // A periodic Hann window overlap-added at hop N/2 sums to exactly 1 (constant overlap-add).
        var w = Windows.Values(WindowKind.Hann, 64, periodic: true);
        for (var i = 0; i < 32; i++) Assert.Equal(1.0, w[i] + w[i + 32], 12);
    }

    [Fact]
    public void Bad_length_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Windows.Hann(0, true));
        Assert.Contains("at least 1 sample", e.Message);
    }
}

/// <summary>Absolute tolerance comparer for xunit's Assert.Equal on sequences.</summary>
internal sealed class Tol(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(double obj) => 0;
}
