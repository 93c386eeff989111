using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Audio;

/// <summary>Simple synthesized test signals (mono [time] float32), used to teach and test the audio toolkit.</summary>
public static class Signals
{
    /// <summary>Sample times t[n] = n / sampleRate for <paramref name="seconds"/> seconds, shape [time], float64.</summary>
    public static Tensor Times(double seconds, int sampleRate)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sampleRate must be positive, e.g. 16000.");
        var n = (long)Math.Round(seconds * sampleRate);
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The signal must last at least one sample.");
        using var scope = NewDisposeScope();
        using var rate = ((long)sampleRate).ToScalar();
        return (Range(n, float64) / rate).MoveToOuterDisposeScope(); // [time]
    }

    /// <summary>x(t) = amplitude · sin(2π·frequency·t + phase), shape [time].</summary>
    public static Tensor Sine(double frequency, double seconds, int sampleRate, double amplitude = 0.5, double phase = 0)
    {
        using var scope = NewDisposeScope();
        using var omega = (2 * Math.PI * frequency).ToScalar();
        using var phi = phase.ToScalar();
        using var a = amplitude.ToScalar();
        var t = Times(seconds, sampleRate); // [time]
        var x = (t * omega).add(phi, One).sin_() * a; // [time]
        return x.to(float32).MoveToOuterDisposeScope();
    }

    /// <summary>A sum of sinusoids Σ a_i sin(2π f_i t), shape [time].</summary>
    public static Tensor SumOfSines(IReadOnlyList<(double Frequency, double Amplitude)> components, double seconds, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 0) throw new ArgumentException("Give at least one (frequency, amplitude) component.", nameof(components));
        using var scope = NewDisposeScope();
        var t = Times(seconds, sampleRate); // [time]
        var x = zeros_like(t);
        foreach (var (f, a) in components)
        {
            using var omega = (2 * Math.PI * f).ToScalar();
            using var amplitude = a.ToScalar();
            x = x.Plus((t * omega).sin() * amplitude); // [time]
        }
        return x.to(float32).MoveToOuterDisposeScope();
    }

    /// <summary>A linear chirp whose frequency goes from f0 to f1 Hz: x(t) = amplitude·sin(2π(f0·t + (f1 − f0)·t²/(2T))), shape [time].</summary>
    public static Tensor Chirp(double f0, double f1, double seconds, int sampleRate, double amplitude = 0.5)
    {
        using var scope = NewDisposeScope();
        using var start = f0.ToScalar();
        using var sweep = ((f1 - f0) / (2 * seconds)).ToScalar();
        using var a = amplitude.ToScalar();
        var t = Times(seconds, sampleRate); // [time]
        var phase = (t * start).Plus(t * t * sweep); // [time] in cycles
        var x = (phase * Constant(2 * Math.PI)).sin_() * a; // [time]
        return x.to(float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A vowel-like harmonic stack: harmonics of <paramref name="f0"/> up to sampleRate/2, each weighted by a sum of
    /// resonance bumps at the <paramref name="formants"/> (default: an "ah", 700/1220/2600 Hz), peak-normalised to
    /// <paramref name="amplitude"/>. Shape [time].
    /// </summary>
    public static Tensor Vowel(double f0, double seconds, int sampleRate, double[]? formants = null, double amplitude = 0.5)
    {
        if (f0 <= 0) throw new ArgumentOutOfRangeException(nameof(f0), f0, "The fundamental frequency must be positive (e.g. 120 Hz).");
        formants ??= [700, 1220, 2600];
        using var scope = NewDisposeScope();
        var t = Times(seconds, sampleRate); // [time]
        var x = zeros_like(t);
        for (var h = 1; h * f0 < sampleRate / 2.0; h++)
        {
            var f = h * f0;
            var gain = formants.Sum(fc => 1.0 / (1.0 + Math.Pow((f - fc) / 90.0, 2))) + 0.02;
            using var omega = (2 * Math.PI * f).ToScalar();
            using var weight = gain.ToScalar();
            x = x.Plus((t * omega).sin() * weight); // [time]
        }
        using var peak = amplitude.ToScalar();
        x = x / x.abs().max() * peak;
        return x.to(float32).MoveToOuterDisposeScope();
    }
}
