using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Audio;

/// <summary>
/// Spectrograms: the per-frame spectra of the STFT stacked side by side, [freq, frames] (frequency up the rows,
/// time along the columns). Power |X|² (the lecture's "power spectrum of each window") or magnitude |X|.
/// </summary>
public static class Spectrogram
{
    /// <summary>Power spectrogram |X[k, t]|² of a mono waveform [time] → [freq, frames] (or batched [batch, time] → [batch, freq, frames]).</summary>
    public static Tensor Power(Tensor waveform, StftSettings settings)
    {
        using var x = Stft.Forward(waveform, settings); // [.., freq, frames] complex
        return FromStft(x, 2.0);
    }

    /// <summary>Magnitude spectrogram |X[k, t]| of a mono waveform [time] → [freq, frames] (or batched).</summary>
    public static Tensor Magnitude(Tensor waveform, StftSettings settings)
    {
        using var x = Stft.Forward(waveform, settings); // [.., freq, frames] complex
        return FromStft(x, 1.0);
    }

    /// <summary>|X|^power of a complex STFT: power 2 → power spectrogram, 1 → magnitude.</summary>
    public static Tensor FromStft(Tensor stft, double power)
    {
        ArgumentNullException.ThrowIfNull(stft);
        if (!stft.is_complex()) throw new ArgumentException($"Expected a complex STFT, got {stft.dtype} (is it already a spectrogram?).", nameof(stft));
        if (power <= 0) throw new ArgumentOutOfRangeException(nameof(power), power, "power must be positive (1 = magnitude, 2 = power).");
        if (power == 2.0)
        {
            using var re = stft.real; // [.., freq, frames]
            using var im = stft.imag;
            using var re2 = re * re; // [.., freq, frames]
            using var im2 = im * im;
            return re2.Plus(im2); // [.., freq, frames], avoids a square root
        }
        using var mag = stft.abs(); // [.., freq, frames]
        if (power == 1.0) return mag.alias();
        using var exponent = power.ToScalar();
        return mag.pow(exponent);
    }
}
