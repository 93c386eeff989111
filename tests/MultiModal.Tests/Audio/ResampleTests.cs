using MultiModal.Audio;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class ResampleTests
{
    [Theory]
    [InlineData(16000, 8000, 440)]
    [InlineData(8000, 16000, 440)]
    [InlineData(16000, 22050, 1000)]
    [InlineData(44100, 16000, 3000)]
    public void A_tone_below_both_nyquists_survives_resampling(int from, int to, double hz)
    {
        using var x = Signals.Sine(hz, 0.25, from); // [0.25·from]
        using var y = Resample.Apply(x, from, to); // [ceil(0.25·to)]
        using var expected = Signals.Sine(hz, 0.25, to); // the same tone sampled directly at the new rate
        Assert.Equal((long)Math.Ceiling(x.shape[0] * (double)to / from), y.shape[0]);
        var edge = to / 100; // the filter needs ~10 ms of context at each end
        var n = (int)Math.Min(y.shape[0], expected.shape[0]);
        using var inner = (y[edge..(n - edge)] - expected[edge..(n - edge)]).abs().max();
        Assert.True(inner.item<float>() < 5e-3, $"max error {inner.item<float>()}");
    }

    [Fact]
    public void A_tone_above_the_new_nyquist_is_removed()
    {
        using var x = Signals.Sine(6000, 0.25, 16000); // 6 kHz cannot exist at 8 kHz sampling
        using var y = Resample.Apply(x, 16000, 8000);
        using var rms = y[80..^80].square().mean().sqrt();
        Assert.True(rms.item<float>() < 0.01, $"rms {rms.item<float>()} (a 0.5-amplitude tone has rms 0.35)");
    }

    [Fact]
    public void Stereo_is_resampled_per_channel_and_bad_rates_are_errors()
    {
        using var l = Signals.Sine(300, 0.1, 16000);
        using var r = Signals.Sine(500, 0.1, 16000);
        using var st = stack([l, r]); // [2, 1600]
        using var y = Resample.Apply(st, 16000, 8000); // [2, 800]
        using var yl = Resample.Apply(l, 16000, 8000); // [800]
        Assert.Equal([2L, 800L], y.shape);
        Assert.True((y[0] - yl).abs().max().item<float>() < 1e-6);
        Assert.Throws<ArgumentException>(() => Resample.Apply(l, 0, 8000));
        using var nan = tensor(new[] { 1f, float.NaN, 0f });
        Assert.Throws<ArgumentException>(() => Resample.Apply(nan, 16000, 8000));
    }
}
