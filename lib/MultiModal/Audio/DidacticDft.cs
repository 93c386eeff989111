using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Audio;

/// <summary>
/// The discrete Fourier transform written straight from its definition, for teaching — O(N²) loops, no FFT:
/// X[k] = Σ_{n=0}^{N−1} x[n]·e^{−2πi·k·n/N}. Bin k measures how much of the sinusoid with k cycles per N samples
/// (k·sampleRate/N Hz) is in x. <see cref="Stft"/> uses the FFT instead (same numbers, O(N log N));
/// the tests check both against each other and against <c>torch.fft</c>.
/// </summary>
public static class DidacticDft
{
    /// <summary>X[k] = Σ_n x[n]·e^{−2πi·k·n/N} for k = 0..N−1.</summary>
    public static Complex[] Dft(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        if (n == 0) throw new ArgumentException("The DFT of an empty signal is undefined.", nameof(x));
        var (cos, sin) = Twiddles(n);
        var result = new Complex[n];
        for (var k = 0; k < n; k++) result[k] = Bin(x, k, cos, sin);
        return result;
    }

    /// <summary>The inverse DFT x[n] = (1/N)·Σ_k X[k]·e^{+2πi·k·n/N}.</summary>
    public static Complex[] InverseDft(ReadOnlySpan<Complex> spectrum)
    {
        var n = spectrum.Length;
        if (n == 0) throw new ArgumentException("The inverse DFT of an empty spectrum is undefined.", nameof(spectrum));
        var (cos, sin) = Twiddles(n);
        var x = new Complex[n];
        for (var t = 0; t < n; t++)
        {
            Complex sum = 0;
            for (var k = 0; k < n; k++)
            {
                var i = (int)((long)k * t % n);
                sum += spectrum[k] * new Complex(cos[i], sin[i]);
            }
            x[t] = sum / n;
        }
        return x;
    }

    /// <summary>The DFT of a real 1-D tensor [n] → complex128 [n].</summary>
    public static Tensor Dft(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 1) throw new ArgumentException($"DidacticDft.Dft takes a 1-D signal [n], got {x.ShapeText()}.", nameof(x));
        return ToTensor(Dft(x.ToDoubles()), [x.shape[0]]);
    }

    /// <summary>
    /// The STFT computed by hand: pad (by index arithmetic), cut frames, multiply by the window from its formula,
    /// and apply the definition of the DFT to each frame. Mono [time] → complex128 [freq, frames]. Same conventions
    /// as <see cref="Stft.Forward"/>; slow on purpose (compare the benchmark).
    /// </summary>
    public static Tensor Stft(Tensor waveform, StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var mono = Waveform.RequireMono(waveform);
        Audio.Stft.CheckWaveform(mono, settings);
        var x = mono.ToDoubles();
        mono.Dispose();
        var nFft = settings.NFft;
        var pad = settings.Center ? nFft / 2 : 0;
        var frames = (int)settings.NumFrames(x.Length);
        var bins = settings.NumFreqs;
        var w = Audio.Stft.PaddedWindow(settings);
        var (cos, sin) = Twiddles(nFft);
        var scale = settings.Normalized ? 1.0 / Math.Sqrt(nFft) : 1.0;
        var output = new Complex[bins * frames]; // [freq, frames], row-major
        var frame = new double[nFft];
        for (var t = 0; t < frames; t++)
        {
            for (var n = 0; n < nFft; n++) frame[n] = w[n] * Sample(x, t * settings.Hop + n - pad, settings.PadMode);
            for (var k = 0; k < bins; k++) output[k * frames + t] = Bin(frame, k, cos, sin) * scale;
        }
        return ToTensor(output, [bins, frames]);
    }

    /// <summary>Sample i of the signal padded outside [0, length) according to <paramref name="mode"/>.</summary>
    internal static double Sample(double[] x, int i, PadMode mode)
    {
        var n = x.Length;
        if (i >= 0 && i < n) return x[i];
        return mode switch
        {
            PadMode.Constant => 0.0,
            PadMode.Reflect => x[i < 0 ? -i : 2 * (n - 1) - i],
            PadMode.Replicate => x[i < 0 ? 0 : n - 1],
            PadMode.Circular => x[((i % n) + n) % n],
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown pad mode."),
        };
    }

    private static Complex Bin(ReadOnlySpan<double> x, int k, double[] cos, double[] sin)
    {
        var n = x.Length;
        double re = 0, im = 0;
        var i = 0; // (k·m) mod N, advanced incrementally
        for (var m = 0; m < n; m++)
        {
            re += x[m] * cos[i];
            im -= x[m] * sin[i]; // e^{−iθ} = cos θ − i sin θ
            i += k;
            if (i >= n) i -= n;
        }
        return new Complex(re, im);
    }

    // cos/sin(2π·j/N) for j = 0..N−1: the e^{2πi·k·n/N} only ever needs (k·n) mod N.
    private static (double[] Cos, double[] Sin) Twiddles(int n)
    {
        var cos = new double[n];
        var sin = new double[n];
        for (var j = 0; j < n; j++)
        {
            cos[j] = Math.Cos(2 * Math.PI * j / n);
            sin[j] = Math.Sin(2 * Math.PI * j / n);
        }
        return (cos, sin);
    }

    private static Tensor ToTensor(Complex[] values, long[] shape)
    {
        using var re = tensor(values.Select(v => v.Real).ToArray(), shape); // [..shape] float64
        using var im = tensor(values.Select(v => v.Imaginary).ToArray(), shape);
        return complex(re, im); // [..shape] complex128 (its own storage)
    }
}
