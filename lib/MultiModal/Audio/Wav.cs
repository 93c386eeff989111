using NAudio.Wave;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Audio;

/// <summary>How samples are stored in a WAV file.</summary>
public enum WavSampleFormat
{
    /// <summary>8-bit unsigned PCM (0..255, silence at 128).</summary>
    Pcm8,
    /// <summary>16-bit signed PCM (CD quality; the usual choice).</summary>
    Pcm16,
    /// <summary>24-bit signed PCM.</summary>
    Pcm24,
    /// <summary>32-bit signed PCM.</summary>
    Pcm32,
    /// <summary>32-bit IEEE float, stored as is (values outside [−1, 1] survive).</summary>
    Float32,
}

/// <summary>A WAV file's content.</summary>
/// <param name="Samples">float32 [channels, time], PCM scaled to [−1, 1) (value / 2^(bits−1)).</param>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Format">How the file stored the samples.</param>
public sealed record WavAudio(Tensor Samples, int SampleRate, WavSampleFormat Format)
{
    /// <summary>Number of channels (1 mono, 2 stereo).</summary>
    public int Channels => (int)Samples.shape[0];

    /// <summary>Duration in seconds.</summary>
    public double Seconds => (double)Samples.shape[1] / SampleRate;

    /// <summary>
    /// The audio as mono [time] at <paramref name="expectedSampleRate"/>: a different rate is an error (it says how to
    /// resample); several channels are averaged (documented conversion) unless <paramref name="averageChannels"/> is false,
    /// in which case stereo is an error.
    /// </summary>
    public Tensor Mono(int expectedSampleRate, bool averageChannels = true)
    {
        Waveform.CheckSampleRate(SampleRate, expectedSampleRate, "the WAV file");
        return averageChannels ? Waveform.ToMono(Samples) : Waveform.RequireMono(Samples, "the WAV file");
    }
}

/// <summary>
/// WAV files through NAudio: read mono or multi-channel 8/16/24/32-bit PCM and 32-bit float into a
/// [channels, time] float32 tensor, and write them back. PCM sample s with b bits maps to s / 2^(b−1)
/// (8-bit: (s − 128)/128). Writing PCM rounds to the nearest level and clips to [−1, 1 − 2^(1−b)] (a documented
/// conversion); float is stored unchanged. Truncated files and non-WAV files are errors that say so.
/// </summary>
public static class Wav
{
    /// <summary>Reads a WAV file.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not a WAV file, an unsupported encoding, a truncated file, or non-finite float samples.</exception>
    public static WavAudio Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No WAV file at '{path}'.", path);
        using var stream = File.OpenRead(path);
        return Read(stream, Path.GetFileName(path));
    }

    /// <summary>Reads WAV data from a stream (<paramref name="name"/> is used in error messages).</summary>
    public static WavAudio Read(Stream stream, string name = "the stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[12];
        var got = stream.ReadAtLeast(header, 12, throwOnEndOfStream: false);
        var riff = System.Text.Encoding.ASCII.GetString(header, 0, Math.Min(4, got));
        var wave = got >= 12 ? System.Text.Encoding.ASCII.GetString(header, 8, 4) : "";
        if (got < 12 || riff != "RIFF" || wave != "WAVE")
            throw new InvalidDataException($"{name} is not a WAV file: it should start with 'RIFF....WAVE' but starts with '{Printable(header, got)}' ({got} bytes read).");
        stream.Position -= got;

        WaveFileReader reader;
        try { reader = new WaveFileReader(stream); }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException or ArithmeticException or NotSupportedException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{name} has a RIFF/WAVE header but its chunks are broken or truncated ({e.Message}).", e);
        }
        using (reader)
        {
            var wf = reader.WaveFormat;
            var format = FormatOf(wf, name);
            var declared = reader.Length;
            if (wf.BlockAlign <= 0 || declared % wf.BlockAlign != 0)
                throw new InvalidDataException($"{name} declares {declared} bytes of audio, which is not a whole number of {wf.BlockAlign}-byte sample frames: the header is damaged.");
            // Never believe the size field further than the bytes that are there: a lying header must not allocate gigabytes.
            var available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : declared;
            var present = Math.Min(declared, available) / wf.BlockAlign * wf.BlockAlign;
            if (present > Array.MaxLength)
                throw new InvalidDataException($"{name} holds {present} bytes of audio, more than one array can hold: split it into shorter files.");
            var bytes = new byte[present];
            var read = 0;
            while (read < present)
            {
                var n = reader.Read(bytes, read, (int)(present - read));
                if (n == 0) break;
                read += n;
            }
            if (read < declared)
                throw new InvalidDataException($"{name} is truncated: its header promises {declared} bytes of audio but only {read} are present ({(double)read / Math.Max(1, declared):P0}).");
            if (read % wf.BlockAlign != 0)
                throw new InvalidDataException($"{name} ends in the middle of a sample frame ({read} bytes is not a multiple of {wf.BlockAlign}).");
            if (read == 0) throw new InvalidDataException($"{name} contains no audio samples.");
            var samples = Decode(bytes, read, format, name);
            return new WavAudio(Waveform.FromInterleaved(samples, wf.Channels), wf.SampleRate, format);
        }
    }

    /// <summary>Writes a waveform ([time] mono or [channels, time]) as a WAV file.</summary>
    /// <exception cref="ArgumentException">Empty or non-finite audio, a bad sample rate, or more than 8 channels.</exception>
    public static void Write(string path, Tensor waveform, int sampleRate, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        File.WriteAllBytes(path, ToBytes(waveform, sampleRate, format));
    }

    /// <summary>The WAV file bytes of a waveform ([time] or [channels, time]).</summary>
    public static byte[] ToBytes(Tensor waveform, int sampleRate, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        ArgumentNullException.ThrowIfNull(waveform);
        if (waveform.dim() is not (1 or 2)) throw new ArgumentException($"Expected [time] or [channels, time], got {waveform.ShapeText()}.", nameof(waveform));
        Waveform.CheckFinite(waveform);
        var channels = waveform.dim() == 1 ? 1 : (int)waveform.shape[0];
        return ToBytes(Waveform.ToInterleaved(waveform), sampleRate, channels, format);
    }

    /// <summary>The WAV file bytes of interleaved float samples.</summary>
    public static byte[] ToBytes(float[] interleaved, int sampleRate, int channels, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        CheckInterleaved(interleaved, sampleRate, channels, "write");
        var waveFormat = format == WavSampleFormat.Float32
            ? WaveFormat.CreateIeeeFloatWaveFormat(sampleRate, channels)
            : new WaveFormat(sampleRate, BitsOf(format), channels);
        var data = Encode(interleaved, format);
        using var ms = new MemoryStream();
        using (var writer = new WaveFileWriter(ms, waveFormat)) writer.Write(data, 0, data.Length);
        return ms.ToArray();
    }

    // WAVE_FORMAT_EXTENSIBLE sub-format GUIDs (KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT).
    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    /// <summary>Throws unless the interleaved samples are non-empty, finite and divide into 1–8 channels at a positive rate.</summary>
    internal static void CheckInterleaved(float[] interleaved, int sampleRate, int channels, string verb)
    {
        ArgumentNullException.ThrowIfNull(interleaved);
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sampleRate must be positive, e.g. 16000.");
        if (channels is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be between 1 and 8.");
        if (interleaved.Length == 0) throw new ArgumentException($"Cannot {verb} empty audio (0 samples).", nameof(interleaved));
        if (interleaved.Length % channels != 0) throw new ArgumentException($"{interleaved.Length} interleaved samples do not divide into {channels} channels.", nameof(interleaved));
        var bad = Array.FindIndex(interleaved, s => !float.IsFinite(s));
        if (bad >= 0) throw new ArgumentException($"Sample {bad} is {interleaved[bad]}: audio must be finite (non-finite samples found).", nameof(interleaved));
    }

    private static int BitsOf(WavSampleFormat f) => f switch
    {
        WavSampleFormat.Pcm8 => 8, WavSampleFormat.Pcm16 => 16, WavSampleFormat.Pcm24 => 24, _ => 32,
    };

    private static WavSampleFormat FormatOf(WaveFormat wf, string name)
    {
        var encoding = wf.Encoding;
        if (wf is WaveFormatExtensible ext)
            encoding = ext.SubFormat == PcmSubFormat ? WaveFormatEncoding.Pcm
                : ext.SubFormat == FloatSubFormat ? WaveFormatEncoding.IeeeFloat
                : WaveFormatEncoding.Unknown;
        if (wf.SampleRate is < 1 or > 768_000)
            throw new InvalidDataException($"{name} declares a sample rate of {wf.SampleRate} Hz; a WAV file's rate lies between 1 Hz and 768 kHz (e.g. 16000): the header is damaged.");
        if (wf.Channels is < 1 or > 8)
            throw new InvalidDataException($"{name} declares {wf.Channels} channels; the course reads 1 to 8: the header is damaged.");
        if (wf.BlockAlign != wf.Channels * (wf.BitsPerSample / 8))
            throw new InvalidDataException($"{name} declares {wf.BlockAlign}-byte sample frames for {wf.Channels} channel(s) of {wf.BitsPerSample} bits, which need {wf.Channels * (wf.BitsPerSample / 8)}: the header is damaged.");
        return (encoding, wf.BitsPerSample) switch
        {
            (WaveFormatEncoding.Pcm, 8) => WavSampleFormat.Pcm8,
            (WaveFormatEncoding.Pcm, 16) => WavSampleFormat.Pcm16,
            (WaveFormatEncoding.Pcm, 24) => WavSampleFormat.Pcm24,
            (WaveFormatEncoding.Pcm, 32) => WavSampleFormat.Pcm32,
            (WaveFormatEncoding.IeeeFloat, 32) => WavSampleFormat.Float32,
            _ => throw new InvalidDataException($"{name} uses {wf.Encoding} with {wf.BitsPerSample} bits per sample; supported: PCM 8/16/24/32-bit and 32-bit float."),
        };
    }

    private static float[] Decode(byte[] b, int count, WavSampleFormat format, string name)
    {
        var size = BitsOf(format) / 8;
        var n = count / size;
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            var o = i * size;
            x[i] = format switch
            {
                WavSampleFormat.Pcm8 => (b[o] - 128) / 128f,
                WavSampleFormat.Pcm16 => BitConverter.ToInt16(b, o) / 32768f,
                WavSampleFormat.Pcm24 => ((b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) << 8 >> 8) / 8388608f,
                WavSampleFormat.Pcm32 => (float)(BitConverter.ToInt32(b, o) / 2147483648.0),
                _ => BitConverter.ToSingle(b, o),
            };
        }
        if (format == WavSampleFormat.Float32)
        {
            var bad = Array.FindIndex(x, v => !float.IsFinite(v));
            if (bad >= 0) throw new InvalidDataException($"{name} holds a non-finite float sample ({x[bad]}) at interleaved index {bad}.");
        }
        return x;
    }

    private static byte[] Encode(float[] x, WavSampleFormat format)
    {
        var size = BitsOf(format) / 8;
        var b = new byte[x.Length * size];
        for (var i = 0; i < x.Length; i++)
        {
            var o = i * size;
            switch (format)
            {
                case WavSampleFormat.Pcm8:
                    b[o] = (byte)(Quantize(x[i], 8) + 128);
                    break;
                case WavSampleFormat.Pcm16:
                    BitConverter.TryWriteBytes(b.AsSpan(o, 2), (short)Quantize(x[i], 16));
                    break;
                case WavSampleFormat.Pcm24:
                    var v = (int)Quantize(x[i], 24);
                    b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); b[o + 2] = (byte)(v >> 16);
                    break;
                case WavSampleFormat.Pcm32:
                    BitConverter.TryWriteBytes(b.AsSpan(o, 4), (int)Quantize(x[i], 32));
                    break;
                default:
                    BitConverter.TryWriteBytes(b.AsSpan(o, 4), x[i]);
                    break;
            }
        }
        return b;
    }

    // Nearest PCM level of x with `bits` bits, clipped to [−2^(bits−1), 2^(bits−1) − 1].
    private static long Quantize(float x, int bits)
    {
        var full = 1L << (bits - 1);
        return (long)Math.Clamp(Math.Round((double)x * full), -full, full - 1);
    }

    private static string Printable(byte[] b, int n) =>
        new(b.Take(Math.Min(n, 12)).Select(c => c is >= 32 and < 127 ? (char)c : '.').ToArray());
}
