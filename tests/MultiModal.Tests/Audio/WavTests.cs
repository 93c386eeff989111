using MultiModal.Audio;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class WavTests
{
    private static string TempPath() => Path.Combine(Path.GetTempPath(), $"mm-audio-{Guid.NewGuid():N}.wav");

    // A canonical 44-byte PCM WAV header written by hand from the RIFF/WAVE specification.
    private static byte[] HandMadeWav(short[] samples, int sampleRate, short channels, int? declaredDataBytes = null)
    {
        var data = samples.SelectMany(BitConverter.GetBytes).ToArray();
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8.ToArray()); w.Write(36 + data.Length); w.Write("WAVE"u8.ToArray());
        w.Write("fmt "u8.ToArray()); w.Write(16); w.Write((short)1); w.Write(channels); w.Write(sampleRate);
        w.Write(sampleRate * channels * 2); w.Write((short)(channels * 2)); w.Write((short)16);
        w.Write("data"u8.ToArray()); w.Write(declaredDataBytes ?? data.Length); w.Write(data);
        return ms.ToArray();
    }

    [Fact]
    public void Reads_a_hand_made_stereo_16_bit_file()
    {
        var bytes = HandMadeWav([16384, -32768, 0, 32767, -16384, 8192], 8000, 2);
        var wav = Wav.Read(new MemoryStream(bytes));
        Assert.Equal(8000, wav.SampleRate);
        Assert.Equal(WavSampleFormat.Pcm16, wav.Format);
        Assert.Equal([2L, 3L], wav.Samples.shape);
        Assert.Equal([0.5f, 0f, -0.5f], wav.Samples[0].data<float>().ToArray());
        Assert.Equal([-1f, 32767f / 32768, 0.25f], wav.Samples[1].data<float>().ToArray());
        using var mono = wav.Mono(8000); // documented conversion: average of the channels
        Assert.Equal([-0.25f, (32767f / 32768) / 2, -0.125f], mono.data<float>().ToArray());
        Assert.Contains("ToMono", Assert.Throws<ArgumentException>(() => wav.Mono(8000, averageChannels: false)).Message);
        Assert.Contains("Resample", Assert.Throws<ArgumentException>(() => wav.Mono(16000)).Message);
    }

    [Fact]
    public void Written_16_bit_data_follows_the_specification()
    {
        using var x = tensor(new[] { 0.5f, -0.25f, 1.5f }); // 1.5 is clipped (documented)
        var bytes = Wav.ToBytes(x, 16000, WavSampleFormat.Pcm16);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(bytes, 8, 4));
        var dataAt = bytes.AsSpan().IndexOf("data"u8) + 8;
        Assert.Equal(16384, BitConverter.ToInt16(bytes, dataAt));
        Assert.Equal(-8192, BitConverter.ToInt16(bytes, dataAt + 2));
        Assert.Equal(32767, BitConverter.ToInt16(bytes, dataAt + 4));
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm8, 1, 1.0 / 128)]
    [InlineData(WavSampleFormat.Pcm16, 1, 1.0 / 32768)]
    [InlineData(WavSampleFormat.Pcm24, 2, 1.0 / 8388608)]
    [InlineData(WavSampleFormat.Pcm32, 1, 1e-7)]
    [InlineData(WavSampleFormat.Float32, 2, 0)]
    public void Round_trip_is_exact_to_half_a_quantisation_step(WavSampleFormat format, int channels, double step)
    {
        using var g = new Generator(7);
        using var x = (rand([channels, 500], generator: g) * 1.8 - 0.9).to(float32); // [channels, 500] in [−0.9, 0.9)
        var path = TempPath();
        try
        {
            Wav.Write(path, channels == 1 ? x[0] : x, 22050, format);
            var wav = Wav.Read(path);
            Assert.Equal(format, wav.Format);
            Assert.Equal(22050, wav.SampleRate);
            Assert.Equal([channels, 500L], wav.Samples.shape);
            var err = (wav.Samples - x).abs().max().item<float>();
            Assert.True(err <= step / 2 + 1e-7, $"max error {err} for {format}");
            if (format == WavSampleFormat.Pcm24) Assert.True(wav.Samples.min().item<float>() < -0.5f); // negative 24-bit samples are sign-extended
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Truncated_and_non_wav_files_are_clear_errors()
    {
        var whole = HandMadeWav(Enumerable.Range(0, 1000).Select(i => (short)i).ToArray(), 16000, 1);
        var truncated = whole[..(whole.Length - 500)];
        var e = Assert.Throws<InvalidDataException>(() => Wav.Read(new MemoryStream(truncated), "cut.wav"));
        Assert.Contains("truncated", e.Message);
        var text = System.Text.Encoding.ASCII.GetBytes("this is not audio at all, just text");
        Assert.Contains("not a WAV file", Assert.Throws<InvalidDataException>(() => Wav.Read(new MemoryStream(text), "notes.txt")).Message);
        Assert.Contains("not a WAV file", Assert.Throws<InvalidDataException>(() => Wav.Read(new MemoryStream([1, 2, 3]), "tiny")).Message);
        var headerOnly = whole[..20];
        Assert.Throws<InvalidDataException>(() => Wav.Read(new MemoryStream(headerOnly), "header.wav"));
        Assert.Throws<FileNotFoundException>(() => Wav.Read("/nonexistent/file.wav"));
    }

    [Fact]
    public void Writing_empty_or_non_finite_audio_is_refused()
    {
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Wav.ToBytes(zeros(0), 16000)).Message);
        using var bad = tensor(new[] { 0f, float.NaN });
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Wav.ToBytes(bad, 16000)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Wav.ToBytes(ones(10), 0));
    }
}
