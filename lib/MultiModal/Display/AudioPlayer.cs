using MultiModal.Audio;
using MultiModal.Tensors;
namespace MultiModal.Display;

/// <summary>
/// A sound to listen to in a notebook: displays as an HTML <c>&lt;audio controls&gt;</c> player with the sound
/// inlined as a 16-bit PCM WAV. Build it from samples, a TorchSharp tensor or a WAV file.
/// </summary>
public sealed class AudioPlayer
{
    /// <summary>Samples in [-1, 1], channels interleaved.</summary>
    public float[] Samples { get; }
    /// <summary>Samples per second per channel.</summary>
    public int SampleRate { get; }
    /// <summary>Number of channels (1 mono, 2 stereo).</summary>
    public int Channels { get; }
    /// <summary>An optional caption shown above the player.</summary>
    public string? Title { get; }

    /// <summary>Creates a player from interleaved samples.</summary>
    /// <exception cref="ArgumentException">Empty audio, a non-positive sample rate, non-finite samples, or a length not divisible by the channel count.</exception>
    public AudioPlayer(float[] samples, int sampleRate, int channels = 1, string? title = null)
    {
        MultiModal.Audio.Wav.CheckInterleaved(samples, sampleRate, channels, "play");
        Samples = samples;
        SampleRate = sampleRate;
        Channels = channels;
        Title = title;
    }

    /// <summary>A player for a mono waveform tensor of shape [time] (or [1, time]).</summary>
    public static AudioPlayer FromTensor(TorchSharp.torch.Tensor waveform, int sampleRate, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (waveform.dim() == 2 && waveform.shape[0] == 1)
        {
            using var row = waveform[0];                                             // (time)
            return FromTensor(row, sampleRate, title);
        }
        var w = waveform;
        if (w.dim() != 1)
            throw new ArgumentException($"Expected a mono waveform of shape [time] or [1, time], got {waveform.ShapeText()}.", nameof(waveform));
        return new AudioPlayer(w.ToFloats(), sampleRate, 1, title);
    }

    /// <summary>A player for a WAV file (any format <see cref="MultiModal.Audio.Wav.Read(string)"/> reads; channels kept).</summary>
    public static AudioPlayer FromWav(string path, string? title = null)
    {
        var wav = MultiModal.Audio.Wav.Read(path);
        using var samples = wav.Samples;
        return new AudioPlayer(MultiModal.Audio.Waveform.ToInterleaved(samples), wav.SampleRate, wav.Channels, title ?? Path.GetFileName(path));
    }

    /// <summary>Duration in seconds.</summary>
    public double Seconds => (double)Samples.Length / Channels / SampleRate;

    /// <summary>The sound as a 16-bit PCM WAV file (peaks above 1 are clipped).</summary>
    public byte[] ToWav() => MultiModal.Audio.Wav.ToBytes(Samples, SampleRate, Channels, MultiModal.Audio.WavSampleFormat.Pcm16);

    /// <summary>The HTML player.</summary>
    public string ToHtml()
    {
        var caption = Title is null ? "" : $"<div style=\"font-size:12px\">{System.Net.WebUtility.HtmlEncode(Title)}</div>";
        return $"{caption}<audio controls preload=\"none\" src=\"data:audio/wav;base64,{Convert.ToBase64String(ToWav())}\"></audio>";
    }

    /// <inheritdoc />
    public override string ToString() => $"AudioPlayer({Seconds:F2} s, {SampleRate} Hz, {Channels} ch{(Title is null ? "" : ", " + Title)})";
}
