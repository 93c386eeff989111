using MultiModal.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Localization;

/// <summary>
/// cIoU, success rate and AUC against values worked out by hand from Senocak et al. (2018, §5) and the published
/// evaluation code (cIoU = Σ A·g / (Σ g + Σ A·[g = 0]); success = share of cIoU ≥ 0.5; AUC = trapezoids of the
/// success rate over t = 0, 0.05, …, 1), and against the plain IoU counted pixel by pixel for 0/1 masks.
/// </summary>
public class SoundLocalizationTests
{
    // A 4×4 mask with the object in the top-left 2×2 block.
    private static Tensor TopLeftMask() => tensor(new float[]
    {
        1, 1, 0, 0,
        1, 1, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0,
    }, [1, 4, 4]);

    [Fact]
    public void A_binary_mask_gives_the_intersection_over_union_counted_by_hand()
    {
        // The map marks the top row (4 pixels) after scaling: A ∩ G = 2 pixels, A ∪ G = 4 + 4 − 2 = 6 → 1/3.
        using var map = tensor(new float[] { 5, 5, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 }, [1, 4, 4]);
        using var mask = TopLeftMask();
        Assert.Equal(1.0 / 3, SoundLocalization.Ciou(map, mask)[0], 12);
        // Scaled to [0, 1] the entries are s/5: 0.4 (the 2) is below τ = 0.5, 0.2 (the 1) too; τ = 0.3 adds the 2 at the
        // bottom right, outside the object: A = 5 pixels, A ∩ G = 2, A ∪ G = 7.
        Assert.Equal(2.0 / 7, SoundLocalization.Ciou(map, mask, threshold: 0.3)[0], 12);
    }

    [Fact]
    public void Graded_agreement_counts_inside_by_its_weight_and_outside_by_its_pixels()
    {
        // Senocak's g_i: two annotators agree on the left column (1), one of them also marks the next column (0.5).
        using var mask = tensor(new float[] { 1, 0.5f, 0, 0, 1, 0.5f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, [1, 4, 4]);
        using var map = tensor(new float[] { 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, [1, 4, 4]);
        // Σ_{A} g = 1 + 0.5 + 1 + 0.5 = 3; Σ g = 3; |A \ G| = 2 (the third column) → 3 / 5.
        Assert.Equal(0.6, SoundLocalization.Ciou(map, mask)[0], 12);
    }

    [Fact]
    public void A_flat_map_is_the_whole_image_baseline_and_a_perfect_map_scores_one()
    {
        using var mask = TopLeftMask();
        using var flat = full([1, 4, 4], 0.3f);
        Assert.Equal(4.0 / 16, SoundLocalization.Ciou(flat, mask)[0], 12);              // everything marked: |G| / |image|
        Assert.Equal(1.0, SoundLocalization.Ciou(mask, mask)[0], 12);
        using var shifted = TopLeftMask() + 7;                                            // offset and scale do not matter
        Assert.Equal(1.0, SoundLocalization.Ciou(shifted * 3, mask)[0], 12);
    }

    [Fact]
    public void A_coarse_map_is_upsampled_bilinearly_to_the_mask_before_it_is_binarised()
    {
        // A 2×2 map, hot in its top-left cell, over an 8×8 mask whose object is the top-left 4×4 block. Bilinear
        // upsampling with half-pixel centres (align_corners = false) maps output pixel x to source (x + ½)/4 − ½, clamped
        // at 0, so the hot cell's weight along each axis is w = 1, 1, ⅞, ⅝, ⅜, ⅛, 0, 0 and the map is w[r]·w[c].
        // At least ½: every pixel of the 4×4 block except (3, 3), where ⅝·⅝ < ½, and nothing outside (1·⅜ < ½):
        // A ∩ G = 15, A ∪ G = 16.
        using var map = tensor(new float[] { 1, 0, 0, 0 }, [1, 2, 2]);
        using var mask = zeros([1, 8, 8]);
        using (var block = tensor(1f)) mask[0, TensorIndex.Slice(0, 4), TensorIndex.Slice(0, 4)] = block;
        Assert.Equal(15.0 / 16, SoundLocalization.Ciou(map, mask)[0], 12);
    }

    [Fact]
    public void Success_rate_and_auc_match_the_trapezoids_worked_by_hand()
    {
        double[] cious = [0.33, 0.71];
        Assert.Equal(0.5, SoundLocalization.SuccessRate(cious));
        // success(t): 1 for t = 0 … 0.30 (7 points), 0.5 for 0.35 … 0.70 (8), 0 for 0.75 … 1 (6);
        // trapezoids of width 0.05: 0.05 · ((1 + 0)/2 + 6·1 + 8·0.5 + 5·0) = 0.525.
        Assert.Equal(0.525, SoundLocalization.Auc(cious), 12);
        Assert.Equal(1.0, SoundLocalization.Auc([1.0, 1.0]), 12);
        Assert.Equal(0.025, SoundLocalization.Auc([0.0]), 12);                           // only t = 0 succeeds: half a trapezoid
        Assert.Equal(1.0, SoundLocalization.SuccessRate([0.5]));                          // "at least 0.5" includes 0.5
    }

    [Fact]
    public void Bad_input_gets_errors_that_name_the_problem()
    {
        using var mask = TopLeftMask();
        using var map = ones([1, 4, 4]);
        Assert.Contains("[batch, h, w]", Assert.Throws<ArgumentException>(() => SoundLocalization.Ciou(ones([4, 4]), mask)).Message);
        Assert.Contains("one mask per heatmap", Assert.Throws<ArgumentException>(() => SoundLocalization.Ciou(ones([2, 4, 4]), mask)).Message);
        Assert.Contains("smaller than the heatmaps", Assert.Throws<ArgumentException>(() => SoundLocalization.Ciou(ones([1, 8, 8]), mask)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => SoundLocalization.Ciou(full([1, 4, 4], float.NaN), mask)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => SoundLocalization.Ciou(map, zeros([1, 4, 4]))).Message);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => SoundLocalization.Ciou(map, mask * 2)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SoundLocalization.Ciou(map, mask, threshold: 0));
        Assert.Contains("no clips", Assert.Throws<ArgumentException>(() => SoundLocalization.Auc([])).Message);
        Assert.Contains("[0, 1]", Assert.Throws<ArgumentException>(() => SoundLocalization.SuccessRate([1.5])).Message);
    }
}
