using MultiModal.Audio;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class StftTests
{
    private static Tensor Noise(long n, int seed, ScalarType dtype = ScalarType.Float64)
    {
        using var g = new Generator((ulong)seed);
        return randn([n], dtype: dtype, generator: g); // [n]
    }

    private static double MaxAbsDiff(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return (a.to(complex128) - b.to(complex128)).abs().max().item<double>();
    }

    public static TheoryData<StftSettings> Conventions => new()
    {
        StftSettings.Speech16k,
        new StftSettings(64, 16, 64, WindowKind.Hann, true, true, PadMode.Reflect, false, true),
        new StftSettings(64, 16, 40, WindowKind.Hamming, false, true, PadMode.Constant, true, true),
        new StftSettings(32, 7, 32, WindowKind.Rectangular, true, false, PadMode.Reflect, false, true),
        new StftSettings(48, 12, 30, WindowKind.Hann, true, true, PadMode.Replicate, false, false),
        new StftSettings(16, 4, 16, WindowKind.Hamming, true, true, PadMode.Circular, true, false),
    };

    [Fact]
    public void Didactic_dft_equals_torch_fft()
    {
        using var x = Noise(37, 1); // [37], a length that is not a power of two
        using var mine = DidacticDft.Dft(x); // [37] complex128
        using var reference = fft.fft_(x); // [37] complex128
        Assert.True(MaxAbsDiff(mine, reference) < 1e-10);
        var back = DidacticDft.InverseDft(DidacticDft.Dft(WindowsTests.D(x)));
        var xs = WindowsTests.D(x);
        for (var i = 0; i < xs.Length; i++) Assert.Equal(xs[i], back[i].Real, 10);
    }

    [Theory]
    [MemberData(nameof(Conventions))]
    public void Stft_equals_torch_stft_called_with_the_same_settings(StftSettings s)
    {
        using var x = Noise(1000, 2, ScalarType.Float32); // [1000]
        using var w = s.Window switch // the window written out independently through torch's own window functions
        {
            WindowKind.Hann => hann_window(s.WinLength, s.PeriodicWindow),
            WindowKind.Hamming => hamming_window(s.WinLength, s.PeriodicWindow),
            _ => ones(s.WinLength),
        };
        var pad = s.PadMode switch { PadMode.Constant => PaddingModes.Constant, PadMode.Reflect => PaddingModes.Reflect, PadMode.Replicate => PaddingModes.Replicate, _ => PaddingModes.Circular };
        using var reference = stft(x, s.NFft, s.Hop, s.WinLength, w, s.Center, pad, s.Normalized, s.Onesided, return_complex: true); // [freq, frames]
        using var mine = Stft.Forward(x, s); // [freq, frames]
        Assert.Equal(reference.shape, mine.shape);
        Assert.Equal([s.NumFreqs, s.NumFrames(1000)], mine.shape);
        Assert.True(MaxAbsDiff(mine, reference) < 1e-5);
    }

    [Theory]
    [MemberData(nameof(Conventions))]
    public void Stft_equals_the_didactic_dft_of_each_windowed_frame(StftSettings s)
    {
        using var x = Noise(700, 3); // [700] float64
        using var fast = Stft.Forward(x, s); // [freq, frames] complex128
        using var slow = DidacticDft.Stft(x, s); // [freq, frames] complex128
        Assert.Equal(slow.shape, fast.shape);
        Assert.True(MaxAbsDiff(fast, slow) < 1e-9, $"max |difference| {MaxAbsDiff(fast, slow)}");
    }

    [Fact]
    public void A_tone_on_a_bin_peaks_there_with_the_expected_height()
    {
        // 1000 Hz at 16 kHz with nFft 64 is bin 4 exactly; a rectangular window gives |X[4]| = A·N/2.
        var s = new StftSettings(64, 64, 64, WindowKind.Rectangular, true, false, PadMode.Reflect, false, true);
        using var x = Signals.Sine(1000, 0.1, 16000, amplitude: 0.5); // [1600]
        using var mag = Spectrogram.Magnitude(x, s); // [33, 25]
        using var column = mag[.., 3]; // [33]
        Assert.Equal(4, column.argmax().item<long>());
        Assert.Equal(0.5 * 64 / 2, column[4].item<float>(), 3);
        using var power = Spectrogram.Power(x, s); // [33, 25]
        Assert.Equal(mag.square().sum().item<float>(), power.sum().item<float>(), 0);
    }

    public static TheoryData<StftSettings> Invertible => new()
    {
        StftSettings.Speech16k,
        new StftSettings(256, 64, 256, WindowKind.Hann, true, true, PadMode.Reflect, false, true),
        new StftSettings(256, 128, 256, WindowKind.Hamming, true, true, PadMode.Constant, true, true),
        new StftSettings(128, 128, 128, WindowKind.Rectangular, true, true, PadMode.Reflect, false, true),
    };

    [Theory]
    [MemberData(nameof(Invertible))]
    public void Istft_of_stft_reconstructs_the_signal(StftSettings s)
    {
        Assert.True(Stft.SatisfiesOverlapAdd(s));
        using var x = Noise(4000, 4, ScalarType.Float32) * 0.3; // [4000]
        using var spec = Stft.Forward(x, s); // [freq, frames]
        using var y = Stft.Inverse(spec, s, length: 4000); // [4000]
        Assert.Equal(x.shape, y.shape);
        Assert.True((x - y).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void Hop_longer_than_the_window_breaks_overlap_add_and_says_so()
    {
        var s = new StftSettings(128, 200, 100, WindowKind.Hann, true, true, PadMode.Reflect, false, true);
        Assert.False(Stft.SatisfiesOverlapAdd(s));
        using var x = Noise(2000, 5, ScalarType.Float32);
        using var spec = Stft.Forward(x, s);
        var e = Assert.Throws<ArgumentException>(() => Stft.Inverse(spec, s, 2000));
        Assert.Contains("overlap-add", e.Message);
    }

    [Fact]
    public void Bad_audio_gives_clear_errors_not_wrong_numbers()
    {
        var s = StftSettings.Speech16k;
        using var empty = zeros(0);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => Stft.Forward(empty, s)).Message);
        using var nan = ones(1000);
        nan[17] = tensor(float.NaN);
        Assert.Contains("index 17", Assert.Throws<ArgumentException>(() => Stft.Forward(nan, s)).Message);
        using var inf = ones(1000);
        inf[3] = tensor(float.PositiveInfinity);
        Assert.Contains("non-finite", Assert.Throws<ArgumentException>(() => Spectrogram.Power(inf, s)).Message);
        using var shortSignal = ones(100);
        Assert.Contains("Reflect padding", Assert.Throws<ArgumentException>(() => Stft.Forward(shortSignal, s)).Message);
        using var stereo = ones(2, 1000);
        Assert.Contains("ToMono", Assert.Throws<ArgumentException>(() => DidacticDft.Stft(stereo, s)).Message);
        Assert.Contains("ToMono", Assert.Throws<ArgumentException>(() => Waveform.RequireMono(stereo)).Message);
        using var threeD = ones(1, 2, 1000);
        Assert.Contains("ToMono", Assert.Throws<ArgumentException>(() => Stft.Forward(threeD, s)).Message);
        Assert.Contains("winLength", Assert.Throws<ArgumentException>(() => Stft.Forward(ones(1000), s with { WinLength = 600 })).Message);
    }

    [Fact]
    public void All_zero_audio_is_valid_and_gives_zero_power()
    {
        using var silence = zeros(16000); // [16000]
        using var p = Spectrogram.Power(silence, StftSettings.Speech16k); // [257, 101]
        Assert.Equal([257L, 101L], p.shape);
        Assert.Equal(0f, p.abs().max().item<float>());
        using var db = Decibels.FromPower(p, DecibelSettings.Librosa); // silence floors at 10·log10(amin) = −100 dB
        Assert.Equal(-100f, db.max().item<float>(), 3);
    }

    [Fact]
    public void Batched_waveforms_give_batched_spectrograms_equal_to_each_one()
    {
        using var a = Noise(3000, 6, ScalarType.Float32);
        using var b = Noise(3000, 7, ScalarType.Float32);
        using var batch = stack([a, b]); // [2, 3000]
        using var sb = Stft.Forward(batch, StftSettings.Speech16k); // [2, 257, frames]
        using var sa = Stft.Forward(a, StftSettings.Speech16k); // [257, frames]
        Assert.Equal(3, sb.dim());
        Assert.True(MaxAbsDiff(sb[0], sa) < 1e-5);
    }
}
