using MultiModal.Audio;
using Xunit;
using MultiModal.Display;

namespace MultiModal.Tests.Audio;

public class SpectrogramImageTests
{
    [Fact]
    public void A_tone_draws_its_brightest_row_at_its_frequency_with_low_frequencies_at_the_bottom()
    {
        var tone = EnvironmentCheck.Tone(frequency: 2000, seconds: 0.5, sampleRate: 16000); // bin 2000·512/16000 = 64
        using var img = SpectrogramImage.Of(tone, StftSettings.Speech16k, minWidth: 1);      // 257 rows, 51 columns
        Assert.Equal(257, img.Height);
        var column = img.Width / 2;
        var brightest = Enumerable.Range(0, img.Height).MaxBy(y => { var p = img[column, y]; return p.R + p.G + p.B; });
        Assert.Equal(256 - 64, brightest); // row 0 is the top of the picture = the highest frequency
    }

    [Fact]
    public void Stereo_and_bad_settings_are_refused()
    {
        using var stereo = TorchSharp.torch.zeros(2, 1600);
        Assert.Throws<ArgumentException>(() => SpectrogramImage.Of(stereo));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpectrogramImage.Of(new float[1600], topDb: 0));
    }
}
