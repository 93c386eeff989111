using MultiModal.Metrics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static MultiModal.Tests.Captioning.CaptionTestData;

namespace MultiModal.Tests.Captioning;

/// <summary>Attention correctness as Liu et al. (2017) define it: the share of the attention mass on the named region.</summary>
public class AttentionCorrectnessTests
{
    [Fact]
    public void At_image_resolution_it_is_the_mass_inside_the_mask()
    {
        using var scope = NewDisposeScope();
        var map = zeros(64, 64);
        map[0..8, 0..8] = tensor(1f / 256);                                   // 64 pixels × 1/256 = 0.25 of the mass
        map[32..48, 32..48] = tensor(0.75f / 256);                            // 256 pixels × 0.75/256 = 0.75
        Assert.Equal(0.25, AttentionCorrectness.Mass(map, Box(0, 8, 0, 8)), 6);
        Assert.Equal(0.75, AttentionCorrectness.Mass(map, Box(32, 64, 32, 64)), 6);
        Assert.Equal(1.0, AttentionCorrectness.Mass(map * 5, Box(0, 64, 0, 64)), 6); // normalised: the scale of the map does not matter
    }

    [Fact]
    public void A_uniform_map_scores_the_objects_share_of_the_image_which_is_the_chance_level()
    {
        using var scope = NewDisposeScope();
        var mask = Box(16, 32, 16, 32);                                         // 256 of 4096 pixels
        Assert.Equal(256.0 / 4096, AttentionCorrectness.Mass(full(8, 8, 1f / 64), mask), 6);
        var chance = AttentionCorrectness.Chance([mask, null, Box(0, 64, 0, 32)]);
        Assert.Equal(new double?[] { 256.0 / 4096, null, 0.5 }, chance.PerWord);
        Assert.Equal((256.0 / 4096 + 0.5) / 2, chance.Score, 12);
    }

    [Fact]
    public void A_single_cell_upsampled_bilinearly_keeps_nine_sixteenths_of_its_mass_in_its_own_block()
    {
        // Hand computation: a one-hot cell r of an 8-cell axis upsampled to 64 pixels (half-pixel centres) gives pixel y
        // the weight max(0, 1 − |(y + ½)/8 − ½ − r|): for an interior cell the 16 pixels around it carry 0.0625, 0.1875,
        // …, 0.9375, 0.9375, …, 0.0625 (sum 8), of which its own 8 pixels carry 0.5625 … 0.9375 … 0.5625 (sum 6): 6/8 per
        // axis, (3/4)² = 9/16 in two dimensions. Even attention that is "perfect" on the grid leaks onto the neighbours.
        using var scope = NewDisposeScope();
        var map = zeros(8, 8);
        map[3, 3] = tensor(1f);
        Assert.Equal(9.0 / 16, AttentionCorrectness.Mass(map, Box(24, 32, 24, 32)), 6);
        Assert.Equal(1.0, AttentionCorrectness.Mass(map, Box(16, 40, 16, 40)), 6);   // the block and its neighbours hold all of it
    }

    [Fact]
    public void The_ceiling_is_the_best_single_cell_and_no_map_beats_it()
    {
        using var scope = NewDisposeScope();
        var block = Box(24, 32, 24, 32);                                        // exactly the pixels of cell (3, 3)
        var ceiling = AttentionCorrectness.Ceiling([block, null, Box(0, 64, 0, 64)], gridSize: 8);
        Assert.Equal(9.0 / 16, ceiling.PerWord[0]!.Value, 6);                  // the cell itself, as computed by hand above
        Assert.Null(ceiling.PerWord[1]);
        Assert.Equal(1.0, ceiling.PerWord[2]!.Value, 6);                       // the whole image: any map scores 1
        // a corner cell keeps more of its mass (clamped borders: its outer half-cells are its own): 7/8 per axis
        Assert.Equal(49.0 / 64, AttentionCorrectness.Ceiling([Box(0, 8, 0, 8)], 8).PerWord[0]!.Value, 6);
        // random non-negative maps never beat it (the score is a ratio of linear functions: its maximum is at one cell)
        var rng = new Random(3);
        foreach (var trial in Enumerable.Range(0, 50))
        {
            var map = rand(8, 8).pow(rng.Next(1, 6));                         // from flat to peaked
            Assert.True(AttentionCorrectness.Mass(map, block) <= ceiling.PerWord[0]!.Value + 1e-9);
        }
    }

    [Fact]
    public void Words_without_objects_are_skipped_and_results_average_over_words()
    {
        using var scope = NewDisposeScope();
        var onLeft = zeros(8, 8);
        onLeft[.., 0..4] = tensor(1f / 32);                                    // left half
        var maps = stack([onLeft, onLeft, full(8, 8, 1f / 64)]);               // (3, 8, 8)
        var result = AttentionCorrectness.Evaluate(maps, [Box(0, 64, 0, 32), null, Box(0, 64, 0, 16)]);
        Assert.Null(result.PerWord[1]);
        Assert.Equal(2, result.Scored);
        // Along x the map is 1 on cells 0–3 and 0 on 4–7; upsampled, pixels 28–31 carry 15/16, 13/16, 11/16, 9/16 and
        // pixels 32–35 carry 7/16, 5/16, 3/16, 1/16 (the rest 1 or 0): 31 of every 32 parts stay on the left half.
        Assert.Equal(31.0 / 32, result.PerWord[0]!.Value, 6);
        Assert.Equal(0.25, result.PerWord[2]!.Value, 6);                       // uniform map on a quarter of the image
        Assert.Equal((31.0 / 32 + 0.25) / 2, result.Score, 6);
        var combined = AttentionCorrectnessResult.Combine([result, AttentionCorrectness.Evaluate(onLeft.unsqueeze(0), [Box(0, 64, 32, 64)])]);
        Assert.Equal(3, combined.Scored);
        Assert.Equal((31.0 / 32 + 0.25 + 1.0 / 32) / 3, combined.Score, 5);    // the right half gets the 1/32 that leaks across
        Assert.True(double.IsNaN(AttentionCorrectness.Evaluate(onLeft.unsqueeze(0), [null]).Score));
    }

    [Fact]
    public void An_all_zero_map_has_no_attention_on_the_object_and_bad_input_is_explained()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0.0, AttentionCorrectness.Mass(zeros(8, 8), Box(0, 64, 0, 64)));
        Assert.Equal(0.0, AttentionCorrectness.Mass(-ones(8, 8), Box(0, 64, 0, 64)));   // negative weights are clipped to 0
        Assert.Equal(1.0, AttentionCorrectness.Mass(ones(8, 8), Box(0, 64, 0, 64).to(float32)), 6); // float masks: > 0.5 is inside
        Assert.Contains("[words, h, w]", Assert.Throws<ArgumentException>(() => AttentionCorrectness.Evaluate(zeros(8, 8), [null])).Message);
        Assert.Contains("one mask (or null) per word", Assert.Throws<ArgumentException>(() => AttentionCorrectness.Evaluate(zeros(1, 8, 8), [])).Message);
        Assert.Contains("smaller than the attention map", Assert.Throws<ArgumentException>(() => AttentionCorrectness.Mass(zeros(8, 8), zeros(4, 4))).Message);
        Assert.Contains("square mask", Assert.Throws<ArgumentException>(() => AttentionCorrectness.Mass(zeros(8, 8), zeros(64, 32))).Message);
    }
}
