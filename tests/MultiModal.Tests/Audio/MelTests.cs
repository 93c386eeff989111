using MultiModal.Audio;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class MelTests
{
    [Fact]
    public void Slaney_mel_scale_matches_librosa_published_examples()
    {
        // librosa docs: hz_to_mel(60) = 0.9; hz_to_mel([110, 220, 440]) = [1.65, 3.3, 6.6]; mel_to_hz(3) = 200;
        // mel_to_hz([1..5]) = [66.667, 133.333, 200, 266.667, 333.333]; hz_to_mel(11025) = 49.91059448015905.
        Assert.Equal(0.9, MelScale.HzToMel(60, MelScaleKind.Slaney), 12);
        Assert.Equal(1.65, MelScale.HzToMel(110, MelScaleKind.Slaney), 12);
        Assert.Equal(3.3, MelScale.HzToMel(220, MelScaleKind.Slaney), 12);
        Assert.Equal(6.6, MelScale.HzToMel(440, MelScaleKind.Slaney), 12);
        Assert.Equal(49.91059448015905, MelScale.HzToMel(11025, MelScaleKind.Slaney), 10);
        Assert.Equal(200, MelScale.MelToHz(3, MelScaleKind.Slaney), 10);
        Assert.Equal(333.333, MelScale.MelToHz(5, MelScaleKind.Slaney), 3);
    }

    [Fact]
    public void Htk_mel_scale_matches_its_formula_and_1000_hz_is_about_1000_mel()
    {
        foreach (var f in new[] { 0.0, 60, 440, 1000, 4000, 8000 })
            Assert.Equal(2595 * Math.Log10(1 + f / 700), MelScale.HzToMel(f, MelScaleKind.Htk), 9);
        Assert.Equal(1000, MelScale.HzToMel(1000, MelScaleKind.Htk), 0);
        Assert.Equal(0, MelScale.HzToMel(0, MelScaleKind.Htk));
    }

    [Theory]
    [InlineData(MelScaleKind.Htk)]
    [InlineData(MelScaleKind.Slaney)]
    public void Hz_mel_round_trip_and_tensor_forms_agree(MelScaleKind kind)
    {
        var hz = new[] { 0.0, 20, 500, 999, 1000, 1001, 3000, 8000, 11025 };
        using var t = tensor(hz); // [9] float64
        using var mels = MelScale.HzToMel(t, kind); // [9]
        using var back = MelScale.MelToHz(mels, kind); // [9]
        var m = WindowsTests.D(mels);
        var b = WindowsTests.D(back);
        for (var i = 0; i < hz.Length; i++)
        {
            Assert.Equal(MelScale.HzToMel(hz[i], kind), m[i], 9);
            Assert.Equal(hz[i], MelScale.MelToHz(MelScale.HzToMel(hz[i], kind), kind), 8);
            Assert.Equal(hz[i], b[i], 7);
        }
    }

    public static TheoryData<string> ReferenceCases => new()
    {
        nameof(MelReference.Slaney_Sr16000_NFft64_Mels8_Fmin0_Fmax8000_NormSlaney),
        nameof(MelReference.Htk_Sr16000_NFft64_Mels8_Fmin0_Fmax8000_NormNone),
        nameof(MelReference.Htk_Sr22050_NFft128_Mels10_Fmin100_Fmax6000_NormSlaney),
    };

    private static (MelFilterbankSettings, double[,]) Case(string name) => name switch
    {
        nameof(MelReference.Slaney_Sr16000_NFft64_Mels8_Fmin0_Fmax8000_NormSlaney) =>
            (new(16000, 64, 8, 0, 8000, MelScaleKind.Slaney, MelNorm.Slaney), MelReference.Slaney_Sr16000_NFft64_Mels8_Fmin0_Fmax8000_NormSlaney),
        nameof(MelReference.Htk_Sr16000_NFft64_Mels8_Fmin0_Fmax8000_NormNone) =>
            (new(16000, 64, 8, 0, 8000, MelScaleKind.Htk, MelNorm.None), MelReference.Htk_Sr16000_NFft64_Mels8_Fmin0_Fmax8000_NormNone),
        _ => (new(22050, 128, 10, 100, 6000, MelScaleKind.Htk, MelNorm.Slaney), MelReference.Htk_Sr22050_NFft128_Mels10_Fmin100_Fmax6000_NormSlaney),
    };

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Filterbank_equals_reference_values(string name)
    {
        var (settings, expected) = Case(name);
        using var fb = MelFilterbank.Create(settings, ScalarType.Float64); // [nMels, nFreqs]
        Assert.Equal([expected.GetLength(0), expected.GetLength(1)], fb.shape.Select(d => (int)d).ToArray());
        using var fb32 = MelFilterbank.Create(settings); // float32 as used in practice
        var v = WindowsTests.D(fb);
        var v32 = WindowsTests.D(fb32);
        for (var m = 0; m < expected.GetLength(0); m++)
        for (var k = 0; k < expected.GetLength(1); k++)
        {
            var e = expected[m, k];
            Assert.True(Math.Abs(v[m * expected.GetLength(1) + k] - e) <= 1e-10 + 1e-9 * Math.Abs(e), $"[{m}, {k}]: expected {e}, got {v[m * expected.GetLength(1) + k]}");
            Assert.True(Math.Abs(v32[m * expected.GetLength(1) + k] - e) <= 1e-6 * Math.Max(1, Math.Abs(e)), $"float32 [{m}, {k}]");
        }
    }

    [Fact]
    public void Librosa_default_filterbank_matches_published_values()
    {
        var settings = new MelFilterbankSettings(22050, 2048, 128, 0, 11025, MelScaleKind.Slaney, MelNorm.Slaney);
        using var fb = MelFilterbank.Create(settings, ScalarType.Float64); // [128, 1025]
        Assert.Equal([128L, 1025L], fb.shape);
        var row0 = WindowsTests.D(fb[0]);
        var row1 = WindowsTests.D(fb[1]);
        for (var i = 0; i < MelReference.LibrosaDefault22050Row0.Length; i++) Assert.Equal(MelReference.LibrosaDefault22050Row0[i], row0[i], 12);
        for (var i = 0; i < MelReference.LibrosaDefault22050Row1.Length; i++) Assert.Equal(MelReference.LibrosaDefault22050Row1[i], row1[i], 12);
    }

    [Fact]
    public void Too_many_mels_and_fmax_above_nyquist_are_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => MelFilterbank.Create(new(16000, 64, 64, 0, 8000, MelScaleKind.Htk, MelNorm.None)));
        Assert.Contains("too many", e.Message);
        var n = Assert.Throws<ArgumentException>(() => MelFilterbank.Create(new(16000, 512, 40, 0, 11025, MelScaleKind.Htk, MelNorm.None)));
        Assert.Contains("Nyquist", n.Message);
    }

    [Fact]
    public void A_tone_lights_up_the_mel_band_around_its_frequency()
    {
        using var mel = new MelSpectrogram(StftSettings.Speech16k, MelFilterbankSettings.Speech16k);
        using var x = Signals.Sine(1500, 0.5, 16000); // [8000]
        using var p = mel.Power(x); // [64, frames]
        var band = (int)p.mean([1]).argmax().item<long>();
        var edges = MelFilterbank.EdgesHz(MelFilterbankSettings.Speech16k);
        Assert.InRange(1500, edges[band], edges[band + 2]);
        // Log-mel is the dB of the mel power, step by step.
        using var db = mel.LogMel(x, DecibelSettings.Librosa); // [64, frames]
        using var fb = mel.Filterbank; // [64, 257]
        using var manual = Decibels.FromPower(MelFilterbank.Apply(fb, Spectrogram.Power(x, StftSettings.Speech16k)), DecibelSettings.Librosa);
        Assert.True((db - manual).abs().max().item<float>() < 1e-3);
        var mismatch = Assert.Throws<ArgumentException>(() => new MelSpectrogram(StftSettings.Speech16k with { NFft = 1024 }, MelFilterbankSettings.Speech16k));
        Assert.Contains("nFft", mismatch.Message);
    }

    [Fact]
    public void Approximate_inverse_recovers_a_smooth_spectrum_roughly()
    {
        using var fb = MelFilterbank.Create(MelFilterbankSettings.Speech16k); // [64, 257]
        using var x = Signals.Vowel(140, 0.3, 16000); // [4800]
        using var p = Spectrogram.Power(x, StftSettings.Speech16k); // [257, frames]
        using var mel = MelFilterbank.Apply(fb, p); // [64, frames]
        using var back = MelFilterbank.ApproximateInverse(fb, mel); // [257, frames]
        Assert.Equal(p.shape, back.shape);
        Assert.True(back.min().item<float>() >= 0);
        using var again = MelFilterbank.Apply(fb, back); // projecting back lands near the same mel spectrogram
        Assert.True(((again - mel).norm() / mel.norm()).item<float>() < 0.35);
    }
}
