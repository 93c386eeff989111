using MultiModal.Audio;
using MultiModal.Display;
using Xunit;

namespace MultiModal.Tests.Audio;

public class AnimationAndPlayerTests
{
    [Fact]
    public void Sliding_window_animation_has_one_step_per_shown_frame()
    {
        var s = new StftSettings(256, 128, 256, WindowKind.Hamming, true, true, PadMode.Reflect, false, true);
        using var x = Signals.Chirp(200, 3000, 0.5, 8000); // [4000]
        var anim = new SlidingWindowAnimation(x, 8000, s, maxSteps: 12);
        Assert.Equal(32, anim.NumFrames); // 1 + 4000 / 128
        Assert.Equal(12, anim.ShownFrames.Count);
        var json = Charts.MoveFrames(Plotly.NET.GenericChart.toFigureJson(anim.Chart()));
        var fig = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal(12, fig["frames"]!.AsArray().Count);
        Assert.Equal(12, fig["layout"]!["sliders"]![0]!["steps"]!.AsArray().Count);
        var gif = anim.Gif(width: 200);
        Assert.Equal(12, gif.Frames.Count);
    }

    [Fact]
    public void Player_reads_wav_files_through_the_wav_reader()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mm-player-{Guid.NewGuid():N}.wav");
        try
        {
            using var x = Signals.Sine(440, 0.1, 16000); // [1600]
            Wav.Write(path, x, 16000, WavSampleFormat.Pcm24);
            var player = AudioPlayer.FromWav(path);
            Assert.Equal(16000, player.SampleRate);
            Assert.Equal(1600, player.Samples.Length);
            Assert.Contains("data:audio/wav;base64,", player.ToHtml());
            var roundTrip = Wav.Read(new MemoryStream(player.ToWav()));
            Assert.Equal(WavSampleFormat.Pcm16, roundTrip.Format);
        }
        finally { File.Delete(path); }
    }
}
