using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;
using MultiModal.Audio;

namespace MultiModal.Display;

/// <summary>
/// The picture every audio notebook shows: a power spectrogram in dB (top <c>topDb</c> dB, librosa's
/// <c>amin = 1e-10</c>, reference = the loudest cell), time to the right, frequency upwards, magma colours.
/// Short sounds are stretched to a readable width (nearest neighbour, so frames stay crisp).
/// </summary>
public static class SpectrogramImage
{
    /// <summary>The spectrogram picture of a mono waveform [time] (default settings: <see cref="StftSettings.Speech16k"/>).</summary>
    public static Image<Rgba32> Of(Tensor waveform, StftSettings? settings = null, double topDb = 80, int minWidth = 360, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (topDb <= 0) throw new ArgumentOutOfRangeException(nameof(topDb), topDb, "topDb must be positive, e.g. 80.");
        settings ??= StftSettings.Speech16k;
        using var scope = NewDisposeScope();
        var mono = Waveform.RequireMono(waveform);                                             // [time]
        var power = Spectrogram.Power(mono, settings);                                         // [freq, frames]
        var db = Decibels.FromPower(power, new DecibelSettings(1e-10, null, topDb));           // [freq, frames], max = 0 dB
        var frames = (int)db.shape[1];
        var rows = (int)db.shape[0];
        return Heatmap.ToImage(db, Colormap.Magma, originLower: true, max: 0, min: -topDb,
            width: Math.Max(frames, minWidth), height: height ?? rows);
    }

    /// <summary>The spectrogram picture of mono samples.</summary>
    public static Image<Rgba32> Of(float[] samples, StftSettings? settings = null, double topDb = 80, int minWidth = 360, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var t = tensor(samples); // [time]
        return Of(t, settings, topDb, minWidth, height);
    }

    /// <summary>
    /// The spectrogram of a mono waveform [time] inside axes: time in seconds, frequency in kHz (0 to the Nyquist
    /// frequency of <paramref name="sampleRate"/>), and a colour bar in dB below the loudest cell.
    /// </summary>
    public static AxesImage Plot(Tensor waveform, int sampleRate, StftSettings? settings = null, double topDb = 80, int minWidth = 360, int? height = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sampleRate must be positive, e.g. 16000.");
        if (topDb <= 0) throw new ArgumentOutOfRangeException(nameof(topDb), topDb, "topDb must be positive, e.g. 80.");
        settings ??= StftSettings.Speech16k;
        using var scope = NewDisposeScope();
        var mono = Waveform.RequireMono(waveform);                                             // [time]
        var db = Decibels.FromPower(Spectrogram.Power(mono, settings), new DecibelSettings(1e-10, null, topDb)); // [freq, frames]
        var frames = db.shape[1];
        return Heatmap.Plot(db, Axis.Time(frames, settings.Hop, sampleRate), Axis.Frequency(sampleRate), "power (dB re max)", Colormap.Magma,
            originLower: true, min: -topDb, max: 0, width: Math.Max((int)frames, minWidth), height: height ?? (int)db.shape[0], title: title);
    }

    /// <summary>The spectrogram of mono samples inside axes (see <see cref="Plot(Tensor, int, StftSettings?, double, int, int?, string?)"/>).</summary>
    public static AxesImage Plot(float[] samples, int sampleRate, StftSettings? settings = null, double topDb = 80, int minWidth = 360, int? height = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        using var t = tensor(samples); // [time]
        return Plot(t, sampleRate, settings, topDb, minWidth, height, title);
    }
}
