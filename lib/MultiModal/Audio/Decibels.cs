using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Audio;

/// <summary>
/// Settings of a dB conversion (librosa's <c>power_to_db</c> convention).
/// </summary>
/// <param name="Amin">Floor applied before the logarithm (and to the reference), so silence gives 10·log10(amin) instead of −∞. For power, 1e-10 (−100 dB).</param>
/// <param name="Reference">The value that maps to 0 dB; null means "the maximum of the input" (so the loudest bin is 0 dB).</param>
/// <param name="TopDb">If set, values more than this many dB below the maximum are raised to (max − topDb); null: no clipping.</param>
public sealed record DecibelSettings(double Amin, double? Reference, double? TopDb)
{
    /// <summary>librosa's defaults: amin 1e-10, reference 1.0, topDb 80.</summary>
    public static DecibelSettings Librosa { get; } = new(1e-10, 1.0, 80.0);
}

/// <summary>
/// Decibels: the log compression of the lecture's "take the log". For power P:
/// dB = 10·log10(max(amin, P)) − 10·log10(max(amin, ref)), then, if topDb is set, dB = max(dB, max(dB) − topDb)
/// where max is over the whole tensor given. For amplitude A the factor is 20 (same as power A² with amin² and ref²).
/// </summary>
public static class Decibels
{
    /// <summary>Power (e.g. a power or mel spectrogram, any shape) → dB, same shape.</summary>
    /// <exception cref="ArgumentException">Negative, NaN or infinite values (a waveform or complex STFT passed by mistake), or bad settings.</exception>
    public static Tensor FromPower(Tensor power, DecibelSettings settings) => ToDb(power, settings, 10.0, "power");

    /// <summary>Amplitude (e.g. a magnitude spectrogram) → dB = 20·log10(max(amin, A)/max(amin, ref)), same shape.</summary>
    public static Tensor FromAmplitude(Tensor amplitude, DecibelSettings settings) => ToDb(amplitude, settings, 20.0, "amplitude");

    /// <summary>dB → power: reference·10^(dB/10) (inverse of <see cref="FromPower"/> where no floor or topDb clipping applied).</summary>
    public static Tensor ToPower(Tensor db, double reference)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (reference <= 0) throw new ArgumentOutOfRangeException(nameof(reference), reference, "The reference power must be positive.");
        using var scope = NewDisposeScope();
        using var scale = reference.ToScalar();
        return (pow(10.0, db / Constant(10.0)) * scale).MoveToOuterDisposeScope();
    }

    /// <summary>dB → amplitude: reference·10^(dB/20).</summary>
    public static Tensor ToAmplitude(Tensor db, double reference)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (reference <= 0) throw new ArgumentOutOfRangeException(nameof(reference), reference, "The reference amplitude must be positive.");
        using var scope = NewDisposeScope();
        using var scale = reference.ToScalar();
        return (pow(10.0, db / Constant(20.0)) * scale).MoveToOuterDisposeScope();
    }

    private static Tensor ToDb(Tensor x, DecibelSettings s, double factor, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(s);
        if (!(s.Amin > 0)) throw new ArgumentException($"amin = {s.Amin} must be positive (e.g. 1e-10 for power).");
        if (s.Reference is <= 0 || s.Reference is double r && !double.IsFinite(r)) throw new ArgumentException($"reference = {s.Reference} must be positive and finite (or null for the maximum).");
        if (s.TopDb is < 0) throw new ArgumentException($"topDb = {s.TopDb} must be ≥ 0 (e.g. 80) or null.");
        if (x.is_complex()) throw new ArgumentException($"Expected a real {what} spectrogram, got a complex tensor: take Spectrogram.FromStft(x, {(factor == 10 ? 2 : 1)}) first.");
        if (x.numel() == 0) throw new ArgumentException($"The {what} tensor is empty.");
        // Two reductions check everything: NaN propagates through min/max, +Inf shows in the max, −Inf in the min.
        double min, max;
        using (var lo = x.min()) min = Scalar(lo);
        using (var hi = x.max()) max = Scalar(hi);
        if (double.IsNaN(min) || double.IsNaN(max) || double.IsInfinity(max)) throw new ArgumentException($"The {what} tensor holds NaN or infinite values.");
        if (min < 0) throw new ArgumentException($"The {what} tensor has negative values (min {min:G4}); dB needs a power or magnitude spectrogram, not a waveform.");
        var reference = s.Reference ?? max;
        var refDb = factor * Math.Log10(Math.Max(s.Amin, reference));
        using var amin = s.Amin.ToScalar();
        using var refDbScalar = refDb.ToScalar();
        var db = x.clamp_min(amin).log10_().mul_(Constant(factor)).sub_(refDbScalar); // same shape as x, one allocation
        if (s.TopDb is double top)
        {
            using var floor = (factor * Math.Log10(Math.Max(s.Amin, max)) - refDb - top).ToScalar(); // max(dB) − topDb
            db.clamp_min_(floor);
        }
        return db;
    }

    private static double Scalar(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => t.item<float>(),
        ScalarType.Float64 => t.item<double>(),
        _ => t.to(float64).item<double>(),
    };
}
