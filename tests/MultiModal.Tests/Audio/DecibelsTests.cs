using MultiModal.Audio;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class DecibelsTests
{
    [Fact]
    public void Power_to_db_matches_known_values()
    {
        // 10·log10(P / 1): 1 → 0 dB, 10 → 10, 100 → 20, 1e-3 → −30; 0 is floored by amin = 1e-10 → −100 dB.
        using var p = tensor(new[] { 1.0, 10, 100, 1e-3, 0 });
        using var db = Decibels.FromPower(p, new DecibelSettings(1e-10, 1.0, null));
        Assert.Equal([0, 10, 20, -30, -100], WindowsTests.D(db), new Tol(1e-9));
    }

    [Fact]
    public void Amplitude_to_db_uses_twenty_log10()
    {
        using var a = tensor(new[] { 1.0, 0.1, 2 });
        using var db = Decibels.FromAmplitude(a, new DecibelSettings(1e-5, 1.0, null));
        Assert.Equal([0, -20, 20 * Math.Log10(2)], WindowsTests.D(db), new Tol(1e-9));
    }

    [Fact]
    public void Reference_max_and_top_db_behave_as_librosa()
    {
        using var p = tensor(new[] { 4.0, 0.4, 0.004, 4e-7 });
        using var relative = Decibels.FromPower(p, new DecibelSettings(1e-10, null, null)); // ref = max = 4
        Assert.Equal([0, -10, -30, -70], WindowsTests.D(relative), new Tol(1e-9));
        using var clipped = Decibels.FromPower(p, new DecibelSettings(1e-10, null, 25)); // nothing below max − 25 dB
        Assert.Equal([0, -10, -25, -25], WindowsTests.D(clipped), new Tol(1e-9));
        using var absolute = Decibels.FromPower(p, new DecibelSettings(1e-10, 1.0, 80)); // ref 1: max is 6.02 dB, floor at 6.02 − 80
        var top = 10 * Math.Log10(4);
        Assert.Equal([top, top - 10, top - 30, top - 70], WindowsTests.D(absolute), new Tol(1e-9));
    }

    [Fact]
    public void Db_back_to_power_inverts()
    {
        using var p = tensor(new[] { 3.0, 0.5, 1e-4 });
        using var db = Decibels.FromPower(p, new DecibelSettings(1e-10, 2.0, null));
        using var back = Decibels.ToPower(db, 2.0);
        Assert.Equal(WindowsTests.D(p), WindowsTests.D(back), new Tol(1e-12));
        using var amp = Decibels.ToAmplitude(tensor(new[] { -20.0 }), 1.0);
        Assert.Equal(0.1, amp.item<double>(), 12);
    }

    [Fact]
    public void Waveforms_complex_and_nan_inputs_are_rejected()
    {
        using var wave = tensor(new[] { 0.5f, -0.5f });
        Assert.Contains("negative", Assert.Throws<ArgumentException>(() => Decibels.FromPower(wave, DecibelSettings.Librosa)).Message);
        using var c = complex(ones(3), zeros(3));
        Assert.Contains("complex", Assert.Throws<ArgumentException>(() => Decibels.FromPower(c, DecibelSettings.Librosa)).Message);
        using var nan = tensor(new[] { 1f, float.NaN });
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => Decibels.FromPower(nan, DecibelSettings.Librosa)).Message);
        Assert.Contains("amin", Assert.Throws<ArgumentException>(() => Decibels.FromPower(ones(2), new DecibelSettings(0, 1, null))).Message);
    }
}
