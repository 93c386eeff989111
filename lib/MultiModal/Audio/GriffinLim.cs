using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Audio;

/// <summary>What <see cref="GriffinLim.Reconstruct"/> returns.</summary>
/// <param name="Waveform">The reconstructed waveform [time].</param>
/// <param name="SpectralConvergence">‖ |STFT(x_i)| − S ‖_F / ‖S‖_F after each iteration i (lower is better; 0 = the magnitudes match exactly).</param>
public sealed record GriffinLimResult(Tensor Waveform, double[] SpectralConvergence);

/// <summary>
/// Griffin–Lim phase reconstruction (Griffin &amp; Lim 1984; with momentum, Perraudin et al. 2013 "fast
/// Griffin–Lim"): from a magnitude spectrogram S alone, find a waveform whose STFT magnitude is close to S.
/// Start from random phases; repeat: x = iSTFT(S·phase), X = STFT(x), phase = X/|X|. With momentum 0 this is the
/// original algorithm, whose spectral convergence never increases.
/// </summary>
public static class GriffinLim
{
    /// <summary>Reconstructs a waveform from a magnitude spectrogram [freq, frames] made with <paramref name="settings"/>.</summary>
    /// <param name="magnitude">|X| (not the power |X|²; take the square root of a power spectrogram first), shape [freq, frames].</param>
    /// <param name="settings">The STFT settings the magnitude came from (onesided).</param>
    /// <param name="iterations">Number of iterations (32–100 is typical).</param>
    /// <param name="momentum">0: classic Griffin–Lim (monotone); 0.99: fast Griffin–Lim (converges faster, not monotone).</param>
    /// <param name="length">Samples of the output (the original length), or null.</param>
    /// <param name="seed">Seed of the random initial phases.</param>
    public static GriffinLimResult Reconstruct(Tensor magnitude, StftSettings settings, int iterations, double momentum, long? length, int seed)
    {
        ArgumentNullException.ThrowIfNull(magnitude);
        ArgumentNullException.ThrowIfNull(settings);
        if (magnitude.is_complex()) throw new ArgumentException("Griffin–Lim takes a magnitude spectrogram; this one is complex (it still has its phase: use Stft.Inverse).", nameof(magnitude));
        if (magnitude.dim() != 2 || magnitude.shape[0] != settings.NumFreqs)
            throw new ArgumentException($"Expected a magnitude spectrogram [freq = {settings.NumFreqs}, frames], got {magnitude.ShapeText()}.", nameof(magnitude));
        if (!settings.Onesided) throw new ArgumentException("Griffin–Lim here expects onesided STFT settings.", nameof(settings));
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Run at least one iteration.");
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1).");
        Waveform.CheckFinite(magnitude, "the magnitude spectrogram");
        if (magnitude.min().to(float64).item<double>() < 0) throw new ArgumentException("A magnitude spectrogram cannot have negative values.", nameof(magnitude));

        var curve = new double[iterations];
        using var outer = NewDisposeScope();
        var s = magnitude.to(float32); // [freq, frames]
        var sNorm = s.norm().item<float>();
        if (sNorm == 0) throw new ArgumentException("The magnitude spectrogram is all zeros: there is nothing to reconstruct (silence).", nameof(magnitude));
        var window = Stft.WindowFor(settings); // [winLength]
        var gen = new Generator((ulong)seed);
        var angle = rand(s.shape, generator: gen) * Constant(2 * Math.PI); // [freq, frames]
        var phase = polar(ones_like(angle), angle); // [freq, frames] complex, |phase| = 1
        var previous = zeros_like(phase);
        var outLength = length ?? (settings.Hop * (s.shape[1] - 1));
        using var carry = (momentum / (1 + momentum)).ToScalar();
        for (var i = 0; i < iterations; i++)
        {
            using var step = NewDisposeScope();
            var x = istft(s * phase, settings.NFft, settings.Hop, settings.WinLength, window, settings.Center, settings.Normalized, true, outLength); // [time]
            var rebuilt = Stft.Raw(x, settings, window); // [freq, frames] complex
            var rebuiltMag = rebuilt.abs();
            if (rebuiltMag.shape[1] != s.shape[1])
                throw new ArgumentException($"length = {outLength} gives {rebuiltMag.shape[1]} frames, but the spectrogram has {s.shape[1]}: pass the original length.");
            curve[i] = (rebuiltMag - s).norm().item<float>() / sNorm;
            var next = momentum > 0 ? rebuilt - previous * carry : rebuilt;
            phase.Dispose();
            phase = (next / next.abs().Plus(1e-16)).MoveToOuterDisposeScope(); // [freq, frames], unit modulus
            previous.Dispose();
            previous = rebuilt.MoveToOuterDisposeScope();
        }
        var final = istft(s * phase, settings.NFft, settings.Hop, settings.WinLength, window, settings.Center, settings.Normalized, true, outLength); // [time]
        return new GriffinLimResult(final.MoveToOuterDisposeScope(), curve);
    }

    /// <summary>Spectral convergence ‖ |STFT(x)| − S ‖_F / ‖S‖_F of a waveform against a target magnitude [freq, frames].</summary>
    public static double SpectralConvergence(Tensor waveform, Tensor magnitude, StftSettings settings)
    {
        using var scope = NewDisposeScope();
        var m = Spectrogram.Magnitude(waveform, settings); // [freq, frames]
        if (!m.shape.SequenceEqual(magnitude.shape))
            throw new ArgumentException($"The waveform's spectrogram is {m.ShapeText()} but the target is {magnitude.ShapeText()}.");
        return ((m - magnitude).norm() / magnitude.norm()).item<float>();
    }
}
