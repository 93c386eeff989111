using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Audio;

/// <summary>
/// A waveform as a TorchSharp tensor, and the checks every audio function applies. Conventions: samples are
/// float32 in [−1, 1]; a mono waveform is [time]; a multi-channel one is [channels, time] (channel-first, as
/// torchaudio); files and players store channels interleaved (L R L R ...).
/// </summary>
public static class Waveform
{
    /// <summary>Interleaved samples (L R L R ...) → [channels, time] float32.</summary>
    /// <exception cref="ArgumentException">A length not divisible by the channel count.</exception>
    public static Tensor FromInterleaved(float[] samples, int channels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be at least 1.");
        if (samples.Length % channels != 0) throw new ArgumentException($"{samples.Length} interleaved samples do not divide into {channels} channels.", nameof(samples));
        using var t = tensor(samples, [samples.Length / channels, channels]); // [time, channels], may share the managed array
        using var c = t.t(); // [channels, time] view
        return c.contiguous().clone(); // [channels, time] with its own storage (contiguous() alone may return the same view for mono)
    }

    /// <summary>[channels, time] (or mono [time]) → interleaved float samples (L R L R ...).</summary>
    public static float[] ToInterleaved(Tensor waveform)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (waveform.dim() == 1) return waveform.ToFloats();
        if (waveform.dim() != 2) throw new ArgumentException($"Expected [time] or [channels, time], got {waveform.ShapeText()}.", nameof(waveform));
        using var t = waveform.detach().cpu().to(float32).t().contiguous(); // [time, channels]
        return t.data<float>().ToArray();
    }

    /// <summary>
    /// Documented conversion to mono: [channels, time] → [time] by averaging the channels (a mono [time] or
    /// [1, time] input is returned as [time]).
    /// </summary>
    public static Tensor ToMono(Tensor waveform)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        return waveform.dim() switch
        {
            1 => waveform.alias(),
            2 => waveform.mean([0]), // [time]
            _ => throw new ArgumentException($"Expected [time] or [channels, time], got {waveform.ShapeText()}.", nameof(waveform)),
        };
    }

    /// <summary>
    /// The waveform as mono [time] when it is mono ([time] or [1, time]); a clear error for more channels
    /// (nothing is averaged silently: call <see cref="ToMono"/> for that).
    /// </summary>
    public static Tensor RequireMono(Tensor waveform, string what = "the waveform")
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (waveform.dim() == 1) return waveform.alias();
        if (waveform.dim() == 2 && waveform.shape[0] == 1) return waveform[0];
        if (waveform.dim() == 2)
            throw new ArgumentException($"Expected {what} to be mono ([time] or [1, time]), got {waveform.shape[0]} channels {waveform.ShapeText()}. Call Waveform.ToMono(x) to average the channels.");
        throw new ArgumentException($"Expected {what} of shape [time], got {waveform.ShapeText()}.");
    }

    /// <summary>Throws when the tensor is empty or holds NaN or ±Inf, naming the first bad sample.</summary>
    public static void CheckFinite(Tensor waveform, string what = "the waveform")
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (waveform.numel() == 0) throw new ArgumentException($"{Capital(what)} is empty (shape {waveform.ShapeText()}): there is no sound to analyse.");
        using (var total = waveform.sum()) // one pass, no mask: a finite sum means every sample is finite (audio cannot overflow float32)
            if (total.dtype == float32 ? float.IsFinite(total.item<float>()) : total.dtype == float64 ? double.IsFinite(total.item<double>()) : double.IsFinite(total.to(float64).item<double>())) return;
        using var ok = waveform.isfinite().all();
        if (ok.item<bool>()) return; // finite samples whose sum overflowed
        using var bad = waveform.isfinite().logical_not().flatten().nonzero(); // [count, 1]
        using var first = waveform.flatten()[bad[0, 0]];
        throw new ArgumentException($"{Capital(what)} holds {bad.shape[0]} non-finite sample(s); the first is {first.to(float64).item<double>()} at flat index {bad[0, 0].item<long>()}. Audio must be finite (check for a division by zero or an overflow upstream).");
    }

    /// <summary>Throws when <paramref name="actual"/> is not the sample rate a model or setting expects, saying how to resample.</summary>
    public static void CheckSampleRate(int actual, int expected, string what = "the audio")
    {
        if (actual != expected)
            throw new ArgumentException($"{Capital(what)} is sampled at {actual} Hz but {expected} Hz is expected. Resample first: Resample.Apply(x, {actual}, {expected}).");
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
