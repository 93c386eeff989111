using MultiModal.Audio;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Audio;

public class FramingTests
{
    [Fact]
    public void Frames_start_every_hop_and_drop_the_short_tail()
    {
        using var x = arange(10, dtype: float32); // [10]: 0..9
        using var f = Framing.Frames(x, frameLength: 4, hop: 3); // [3, 4]
        Assert.Equal([3L, 4L], f.shape);
        using var fc = f.contiguous();
        Assert.Equal([0f, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9], fc.data<float>().ToArray());
        Assert.Equal(3, Framing.NumFrames(10, 4, 3));
        Assert.Equal(0, Framing.NumFrames(3, 4, 3));
    }

    [Fact]
    public void Windowing_multiplies_each_frame()
    {
        using var x = ones(8);
        using var f = Framing.Frames(x, 4, 2); // [3, 4]
        using var w = Windows.Hann(4, periodic: true); // [4]
        using var y = Framing.ApplyWindow(f, w); // [3, 4]
        Assert.Equal([0f, 0.5f, 1f, 0.5f], y[1].data<float>().ToArray());
    }

    [Fact]
    public void Too_short_signal_and_bad_hop_are_clear_errors()
    {
        using var x = ones(3);
        Assert.Contains("fewer than one frame", Assert.Throws<ArgumentException>(() => Framing.Frames(x, 4, 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Framing.Frames(x, 2, 0));
    }
}
