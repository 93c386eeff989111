using MultiModal.World;
using Xunit;

namespace MultiModal.Tests.World;

public class SpeechTests
{
    private static readonly SyntheticWorld World = new(seed: 3);

    [Fact]
    public void The_unit_inventory_and_lexicon_are_consistent()
    {
        Assert.InRange(SpeechUnits.Count, 20, 40);
        Assert.Equal(SpeechUnits.Count, SpeechUnits.All.Select(u => u.Name).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, SpeechUnits.Count), SpeechUnits.All.Select(u => u.Id));
        var lex = Lexicon.Default;
        foreach (var w in CaptionGrammar.Words) Assert.NotEmpty(lex.Pronounce(w));
        var spelled = lex.Words.Select(w => string.Join(',', lex.Pronounce(w))).ToList();
        Assert.Equal(spelled.Count, spelled.Distinct().Count());   // no homophones
        Assert.Equal(lex.Pronounce("red").Concat(lex.Pronounce("circle")), lex.Transcribe("red circle"));
        Assert.Throws<ArgumentException>(() => lex.Pronounce("elephant"));
    }

    [Fact]
    public void Measured_voice_pitch_matches_the_speaker_within_three_percent()
    {
        foreach (var speaker in World.Speakers.All(Split.Train).Take(12))
        {
            var u = speaker.Say([SpeechUnits.Parse("ma").Id, SpeechUnits.Parse("lo").Id, SpeechUnits.Parse("ba").Id]);
            Assert.Equal(3, u.Units.Count);
            for (var k = 0; k < 3; k++)
            {
                // The steady vowel: from 20 ms after its start to 10 ms before the unit ends.
                int from = u.VowelStarts[k] + 320, to = u.UnitEnds[k] - 160;
                var f = PitchMeter.Estimate(u.Audio.AsSpan(from, to - from), u.SampleRate, 60, 400);
                var expected = speaker.Voice.PitchHz;
                Assert.True(Math.Abs(f - expected) <= 0.03 * expected, $"{speaker.Id}: expected {expected:F1} Hz, measured {f:F1} Hz in unit {k}");
            }
            Assert.True(u.Audio.Max(MathF.Abs) <= 0.5f + 1e-6f);
            Assert.Equal(16000, u.SampleRate);
        }
    }

    [Fact]
    public void Vowels_have_distinct_spectra()
    {
        // Energy share above 1.5 kHz: "i" (F2 ≈ 2.3 kHz) is much brighter than "u" (F2 ≈ 0.9 kHz); measured with a plain DFT.
        var speaker = World.Speakers.Get(Split.Train, 0);
        double Brightness(string unit)
        {
            var u = speaker.Say([SpeechUnits.Parse(unit).Id]);
            var seg = u.Audio.AsSpan(u.VowelStarts[0] + 320, 1024).ToArray();
            double low = 0, high = 0;
            for (var k = 1; k < 512; k++)
            {
                double re = 0, im = 0;
                for (var n = 0; n < seg.Length; n++) { re += seg[n] * Math.Cos(2 * Math.PI * k * n / 1024); im -= seg[n] * Math.Sin(2 * Math.PI * k * n / 1024); }
                var p = re * re + im * im;
                if (k * 16000.0 / 1024 > 1500) high += p; else low += p;
            }
            return high / (low + high);
        }
        Assert.True(Brightness("bi") > 4 * Brightness("bu"), $"i {Brightness("bi"):F3} vs u {Brightness("bu"):F3}");
    }

    [Fact]
    public void Voices_correlate_with_faces_but_not_one_to_one()
    {
        var speakers = World.Speakers.All(Split.Train).ToList();
        var m = speakers.Select(s => s.Factors.Masculinity).ToArray();
        var logPitch = speakers.Select(s => Math.Log(s.Voice.PitchHz)).ToArray();
        var r = Correlation(m, logPitch);
        Assert.InRange(r, -0.98, -0.6);   // strongly but not perfectly related
        // Face-only factors carry no information about the voice.
        Assert.InRange(Math.Abs(Correlation(speakers.Select(s => s.Factors.SkinTone).ToArray(), logPitch)), 0, 0.25);
        // Faces differ between speakers and are deterministic.
        Assert.NotEqual(speakers[0].Face(), speakers[1].Face());
        Assert.Equal(speakers[0].Face(), World.Speakers.Get(Split.Train, 0).Face());
        // Test speakers are not training speakers.
        var train = speakers.Select(s => s.Seed).ToHashSet();
        Assert.DoesNotContain(World.Speakers.All(Split.Test), s => train.Contains(s.Seed));
    }

    [Fact]
    public void Mixtures_are_the_exact_sum_of_two_clean_tracks_from_different_speakers()
    {
        foreach (var mix in World.Mixtures.Stream(Split.Train, 0, 5))
        {
            Assert.NotEqual(mix.Speakers[0].Index, mix.Speakers[1].Index);
            Assert.Equal(32000, mix.Mix.Length);
            for (var t = 0; t < mix.Mix.Length; t++) Assert.Equal(mix.Clean[0][t] + mix.Clean[1][t], mix.Mix[t]);
            Assert.True(mix.Mix.Max(MathF.Abs) <= 0.95f + 1e-6f);
            Assert.True(mix.Clean.All(c => c.Max(MathF.Abs) > 0.05f), "a clean track is silent");
            using var img = mix.SideBySide();
            Assert.Equal(128, img.Width);
        }
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double num = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        return num / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }
}
