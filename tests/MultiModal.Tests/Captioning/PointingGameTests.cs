using MultiModal.Metrics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static MultiModal.Tests.Captioning.CaptionTestData;

namespace MultiModal.Tests.Captioning;

public class PointingGameTests
{
    /// <summary>An 8×8 attention map with its peak at (r, c).</summary>
    private static Tensor PeakAt(int r, int c)
    {
        var map = full(8, 8, 0.5f / 63);
        map[r, c] = tensor(0.5f);
        return map;
    }

    [Fact]
    public void Peak_inside_the_object_counts_and_words_without_objects_are_skipped()
    {
        using var scope = NewDisposeScope();
        // word 0 "circle": object at rows 8..23, cols 16..31 (grid cells rows 1-2, cols 2-3); peak at (2, 3) → inside.
        // word 1 "on": no object → skipped.
        // word 2 "square": object at rows 40..55, cols 40..55 (cells 5-6); peak at (1, 1) → outside.
        var maps = stack([PeakAt(2, 3), PeakAt(0, 0), PeakAt(1, 1)]);        // (3, 8, 8)
        var result = PointingGame.Evaluate(maps, [Box(8, 24, 16, 32), null, Box(40, 56, 40, 56)]);
        Assert.Equal(new bool?[] { true, null, false }, result.PerWord);
        Assert.Equal(2, result.Scored);
        Assert.Equal(1, result.Correct);
        Assert.Equal(0.5, result.Score);
        Assert.Equal((2, 3), PointingGame.Peak(maps[0]));
    }

    [Fact]
    public void Coverage_threshold_decides_for_a_peak_cell_on_the_object_border()
    {
        using var scope = NewDisposeScope();
        // object covers columns 20..35; cell (3, 2) spans columns 16..23 → 4 of its 8 columns (half) are object.
        var maps = PeakAt(3, 2).unsqueeze(0);                                 // (1, 8, 8)
        var mask = Box(0, 64, 20, 36);
        Assert.Equal(0.5, PointingGame.Coverage(maps[0], mask), 12);
        Assert.Equal(true, PointingGame.Evaluate(maps, [mask], minCoverage: 0.5).PerWord[0]);
        Assert.Equal(false, PointingGame.Evaluate(maps, [mask], minCoverage: 0.75).PerWord[0]);
        // float masks work too (> 0.5 is inside)
        Assert.Equal(true, PointingGame.Evaluate(maps, [mask.to(float32)]).PerWord[0]);
    }

    [Fact]
    public void Results_combine_over_captions_and_bad_input_is_rejected()
    {
        using var scope = NewDisposeScope();
        var a = PointingGame.Evaluate(PeakAt(0, 0).unsqueeze(0), [Box(0, 8, 0, 8)]);
        var b = PointingGame.Evaluate(stack([PeakAt(7, 7), PeakAt(7, 7)]), [Box(0, 8, 0, 8), Box(56, 64, 56, 64)]);
        var all = PointingGameResult.Combine([a, b]);
        Assert.Equal((3, 2), (all.Scored, all.Correct));
        Assert.True(double.IsNaN(PointingGame.Evaluate(PeakAt(0, 0).unsqueeze(0), [null]).Score));
        Assert.Throws<ArgumentException>(() => PointingGame.Evaluate(PeakAt(0, 0), [null]));            // not (words, h, w)
        Assert.Throws<ArgumentException>(() => PointingGame.Evaluate(PeakAt(0, 0).unsqueeze(0), []));   // count mismatch
        Assert.Throws<ArgumentException>(() => PointingGame.Evaluate(PeakAt(0, 0).unsqueeze(0), [zeros(4, 4)])); // mask smaller than grid
    }
}
