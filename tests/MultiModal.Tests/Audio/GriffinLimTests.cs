using MultiModal.Audio;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class GriffinLimTests
{
    private static readonly StftSettings Settings = new(256, 64, 256, WindowKind.Hann, true, true, PadMode.Reflect, false, true);

    [Fact]
    public void Classic_griffin_lim_improves_spectral_convergence_monotonically()
    {
        using var x = Signals.Vowel(150, 0.4, 8000); // [3200]
        using var mag = Spectrogram.Magnitude(x, Settings); // [129, frames]
        var result = GriffinLim.Reconstruct(mag, Settings, iterations: 40, momentum: 0, length: x.shape[0], seed: 1);
        using var y = result.Waveform;
        var sc = result.SpectralConvergence;
        for (var i = 1; i < sc.Length; i++) Assert.True(sc[i] <= sc[i - 1] + 1e-6, $"iteration {i}: {sc[i]} > {sc[i - 1]}");
        Assert.True(sc[^1] < 0.5 * sc[0], $"from {sc[0]} to {sc[^1]}");
        Assert.Equal(x.shape, y.shape);
        // The returned waveform's own spectral convergence is what the curve promised (or better).
        Assert.True(GriffinLim.SpectralConvergence(y, mag, Settings) <= sc[^1] + 1e-4);
    }

    [Fact]
    public void Fast_griffin_lim_gets_lower_than_classic_in_the_same_iterations()
    {
        using var x = Signals.Chirp(200, 2000, 0.4, 8000); // [3200]
        using var mag = Spectrogram.Magnitude(x, Settings);
        var slow = GriffinLim.Reconstruct(mag, Settings, 30, 0, x.shape[0], 2);
        var fast = GriffinLim.Reconstruct(mag, Settings, 30, 0.99, x.shape[0], 2);
        Assert.True(fast.SpectralConvergence[^1] < slow.SpectralConvergence[^1]);
        slow.Waveform.Dispose();
        fast.Waveform.Dispose();
    }

    [Fact]
    public void Silence_and_complex_input_are_clear_errors()
    {
        using var silence = zeros(129, 20);
        Assert.Contains("all zeros", Assert.Throws<ArgumentException>(() => GriffinLim.Reconstruct(silence, Settings, 5, 0, null, 0)).Message);
        using var c = complex(ones(129, 20), zeros(129, 20));
        Assert.Contains("Stft.Inverse", Assert.Throws<ArgumentException>(() => GriffinLim.Reconstruct(c, Settings, 5, 0, null, 0)).Message);
    }
}
