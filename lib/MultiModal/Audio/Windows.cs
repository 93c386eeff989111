using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Audio;

/// <summary>
/// Analysis windows, computed from their formulas. For a window of length N, index n = 0..N−1 and
/// M = N (periodic) or M = N − 1 (symmetric):
/// <list type="bullet">
/// <item>rectangular: w[n] = 1</item>
/// <item>Hann: w[n] = 0.5 − 0.5·cos(2πn/M)</item>
/// <item>Hamming: w[n] = 0.54 − 0.46·cos(2πn/M)</item>
/// </list>
/// <b>Periodic</b> windows (M = N) are one period of a cosine: they tile exactly under overlap-add and are the
/// convention of <c>torch.stft</c>, torchaudio and librosa's STFT. <b>Symmetric</b> windows (M = N − 1) are the
/// filter-design convention (numpy.hamming, MATLAB's default), symmetric about their centre.
/// </summary>
public static class Windows
{
    /// <summary>The window of <paramref name="kind"/> and <paramref name="length"/> samples, shape [length], float32 unless <paramref name="dtype"/> says otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length below 1.</exception>
    public static Tensor Create(WindowKind kind, int length, bool periodic, ScalarType dtype = ScalarType.Float32) => kind switch
    {
        WindowKind.Rectangular => Rectangular(length, dtype),
        WindowKind.Hann => Hann(length, periodic, dtype),
        WindowKind.Hamming => Hamming(length, periodic, dtype),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown window kind."),
    };

    /// <summary>w[n] = 1, shape [length].</summary>
    public static Tensor Rectangular(int length, ScalarType dtype = ScalarType.Float32)
    {
        CheckLength(length);
        return ones(length, dtype: dtype); // [length]
    }

    /// <summary>Hann window w[n] = 0.5 − 0.5·cos(2πn/M), shape [length] (M = length if periodic, else length − 1).</summary>
    public static Tensor Hann(int length, bool periodic, ScalarType dtype = ScalarType.Float32) => RaisedCosine(length, periodic, 0.5, 0.5, dtype);

    /// <summary>Hamming window w[n] = 0.54 − 0.46·cos(2πn/M), shape [length] (M = length if periodic, else length − 1).</summary>
    public static Tensor Hamming(int length, bool periodic, ScalarType dtype = ScalarType.Float32) => RaisedCosine(length, periodic, 0.54, 0.46, dtype);

    /// <summary>The values of a window as doubles (handy for plotting and for the didactic DFT).</summary>
    public static double[] Values(WindowKind kind, int length, bool periodic)
    {
        CheckLength(length);
        var m = periodic ? length : length - 1;
        var w = new double[length];
        for (var n = 0; n < length; n++)
            w[n] = kind switch
            {
                WindowKind.Rectangular => 1.0,
                WindowKind.Hann => m == 0 ? 1.0 : 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / m),
                WindowKind.Hamming => m == 0 ? 1.0 : 0.54 - 0.46 * Math.Cos(2 * Math.PI * n / m),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown window kind."),
            };
        return w;
    }

    private static Tensor RaisedCosine(int length, bool periodic, double a, double b, ScalarType dtype)
    {
        CheckLength(length);
        if (length == 1) return ones(1, dtype: dtype); // a 1-sample window is 1 by convention (as torch and numpy)
        var m = periodic ? length : length - 1;
        using var scope = NewDisposeScope();
        using var step = (2 * Math.PI / m).ToScalar();
        using var offset = a.ToScalar();
        using var scale = b.ToScalar();
        var n = Range(length, float64); // [length]
        var c = (n * step).cos_(); // [length]
        var w = (c * scale).neg_().add_(offset, One); // [length]: a − b·c
        return w.to(dtype).MoveToOuterDisposeScope();
    }

    private static void CheckLength(int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "A window needs at least 1 sample (e.g. winLength = 400 for 25 ms at 16 kHz).");
    }
}
