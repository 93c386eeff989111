using MultiModal.Audio;
using MultiModal.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Encoders;

/// <summary>
/// A small CNN that turns a clip's log-mel spectrogram into one vector: the "sound network" of sound-source localisation
/// (§3.4.1), where the sound must say <i>which</i> object it is — its shape by the timbre and the rhythm, its colour and
/// size by the pitch.
/// <code>
/// x  = (logmel + 50 dB) / 25 dB                        (batch, 1, nMels, frames), roughly zero-mean, unit scale
/// x  ← 3 × [conv3×3 → BatchNorm → ReLU → maxpool 2×2]  (batch, 4W, nMels/8, frames/8)
/// x  ← mean over time                                   (batch, 4W · nMels/8): <b>not</b> over frequency, which is the pitch
/// h  = W_out x                                          (batch, outputDim)
/// </code>
/// Pooling over frequency as well would make the network blind to pitch (a shift along frequency would not change it),
/// and pitch is the colour; pooling over time keeps the spectrum's shape and forgets when things happened, which the
/// pooled beeps and bursts still show as texture. Input: log-mel in dB from <see cref="LogMel"/>, any number of frames.
/// </summary>
public sealed class AudioEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential _convs;
    private readonly Linear _out;

    /// <summary>The settings it was built with.</summary>
    public AudioEncoderConfig Config { get; }

    /// <summary>Builds the network for <paramref name="config"/> (validated here).</summary>
    public AudioEncoder(AudioEncoderConfig? config = null) : base(nameof(AudioEncoder))
    {
        Config = (config ?? new AudioEncoderConfig()).Validate();
        var w = Config.Width;
        _convs = nn.Sequential(
            nn.Conv2d(1, w, 3, padding: 1), nn.BatchNorm2d(w), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(w, 2 * w, 3, padding: 1), nn.BatchNorm2d(2 * w), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(2 * w, 4 * w, 3, padding: 1), nn.BatchNorm2d(4 * w), nn.ReLU(), nn.MaxPool2d(2));
        _out = nn.Linear(4 * w * (Config.NMels / 8), Config.OutputDim);
        RegisterComponents();
    }

    /// <summary>One vector per clip.</summary>
    /// <param name="logMel">(batch, nMels, frames) log-mel spectrograms in dB (<see cref="LogMel"/>), at least 8 frames.</param>
    /// <returns>(batch, outputDim).</returns>
    public override Tensor forward(Tensor logMel)
    {
        CheckLogMel(logMel);
        using var scope = NewDisposeScope();
        var x = logMel.Plus(50.0).div(Constant(25.0)).unsqueeze(1);                 // (batch, 1, nMels, frames)
        var maps = _convs.forward(x);                                               // (batch, 4W, nMels/8, frames/8)
        var pooled = maps.mean([3]).flatten(1);                                      // (batch, 4W · nMels/8)
        return _out.forward(pooled).MoveToOuterDisposeScope();                      // (batch, outputDim)
    }

    /// <summary>
    /// The log-mel spectrograms this network reads: (batch, time) waveforms at 16 kHz → (batch, 64, frames) in dB with
    /// the course's speech settings (25 ms Hamming windows, 10 ms hop, Slaney mel) and a fixed reference of 1.0 (no
    /// top-dB floor that would depend on the loudest clip of the batch): silence is −100 dB, not NaN.
    /// </summary>
    public static Tensor LogMel(Tensor waveforms)
    {
        ArgumentNullException.ThrowIfNull(waveforms);
        if (waveforms.dim() != 2) throw new ArgumentException($"expected waveforms of shape [batch, time], got {waveforms.ShapeText()}; unsqueeze(0) a single clip.", nameof(waveforms));
        using var mel = new MelSpectrogram(StftSettings.Speech16k, MelFilterbankSettings.Speech16k);
        return mel.LogMel(waveforms, new DecibelSettings(1e-10, 1.0, null));       // (batch, 64, frames)
    }

    private void CheckLogMel(Tensor logMel)
    {
        ArgumentNullException.ThrowIfNull(logMel);
        if (logMel.dim() != 3 || logMel.shape[1] != Config.NMels || logMel.shape[2] < 8)
            throw new ArgumentException($"expected log-mel spectrograms of shape [batch, {Config.NMels}, frames ≥ 8] (AudioEncoder.LogMel of [batch, time] waveforms), got {logMel.ShapeText()}.", nameof(logMel));
    }
}

/// <summary>Settings of an <see cref="AudioEncoder"/>.</summary>
/// <param name="NMels">Mel bands of the input (a multiple of 8; the course's log-mel has 64).</param>
/// <param name="Width">Channels of the first convolution (W; then 2W and 4W).</param>
/// <param name="OutputDim">Size of the output vector.</param>
public sealed record AudioEncoderConfig(int NMels = 64, int Width = 16, int OutputDim = 128)
{
    /// <summary>Checks every field; returns this config or throws <see cref="ArgumentException"/> naming the field.</summary>
    public AudioEncoderConfig Validate()
    {
        if (NMels < 8 || NMels % 8 != 0) throw new ArgumentException($"AudioEncoderConfig.NMels must be a positive multiple of 8 (three 2×2 poolings), got {NMels}.", nameof(NMels));
        if (Width < 1) throw new ArgumentException($"AudioEncoderConfig.Width must be at least 1, got {Width}.", nameof(Width));
        if (OutputDim < 1) throw new ArgumentException($"AudioEncoderConfig.OutputDim must be at least 1, got {OutputDim}.", nameof(OutputDim));
        return this;
    }
}
