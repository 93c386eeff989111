using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Audio;

/// <summary>
/// Waveform → (log-)mel spectrogram in one object: STFT with <see cref="Stft"/> settings, power |X|², the mel
/// filterbank, then dB. The window and the filterbank are built once and reused, so it costs what the raw
/// TorchSharp calls cost. Dispose it when done.
/// </summary>
public sealed class MelSpectrogram : IDisposable
{
    private readonly Tensor _window;     // [winLength]
    private readonly Tensor _filterbank; // [nMels, nFreqs]

    /// <summary>The STFT settings.</summary>
    public StftSettings Stft { get; }
    /// <summary>The mel filterbank settings.</summary>
    public MelFilterbankSettings Mel { get; }

    /// <summary>Builds the window and filterbank once.</summary>
    /// <exception cref="ArgumentException">The two settings disagree on nFft, or either is impossible.</exception>
    public MelSpectrogram(StftSettings stft, MelFilterbankSettings mel)
    {
        ArgumentNullException.ThrowIfNull(stft);
        ArgumentNullException.ThrowIfNull(mel);
        stft.Validate();
        if (stft.NFft != mel.NFft) throw new ArgumentException($"The STFT uses nFft = {stft.NFft} but the mel filterbank was built for nFft = {mel.NFft}.");
        if (!stft.Onesided) throw new ArgumentException("A mel spectrogram needs a onesided STFT (nFft/2 + 1 bins).");
        Stft = stft;
        Mel = mel;
        _window = Audio.Stft.WindowFor(stft);
        _filterbank = MelFilterbank.Create(mel);
    }

    /// <summary>The filterbank matrix [nMels, nFreqs] (a copy).</summary>
    public Tensor Filterbank => _filterbank.clone();

    /// <summary>Mel power spectrogram: mono [time] → [nMels, frames] (or [batch, time] → [batch, nMels, frames]).</summary>
    /// <param name="waveform">Audio at <see cref="MelFilterbankSettings.SampleRate"/>.</param>
    public Tensor Power(Tensor waveform)
    {
        Audio.Stft.CheckWaveform(waveform, Stft);
        using var x = Audio.Stft.Raw(waveform, Stft, _window); // [.., freq, frames] complex
        using var p = Spectrogram.FromStft(x, 2.0); // [.., freq, frames]
        return matmul(_filterbank, p); // [.., nMels, frames]
    }

    /// <summary>Log-mel spectrogram in dB: mono [time] → [nMels, frames] (or batched).</summary>
    public Tensor LogMel(Tensor waveform, DecibelSettings decibels)
    {
        using var p = Power(waveform); // [.., nMels, frames]
        return Decibels.FromPower(p, decibels);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _window.Dispose();
        _filterbank.Dispose();
    }
}
