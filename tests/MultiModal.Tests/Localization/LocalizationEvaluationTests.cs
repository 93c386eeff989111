using MultiModal.Models.Encoders;
using MultiModal.Models.Localization;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Localization;

public class LocalizationEvaluationTests
{
    [Fact]
    public void A_model_is_scored_on_its_attention_and_the_grid_oracle_on_the_masks_share_of_each_cell()
    {
        using var cache = new TempCache();
        using var scope = NewDisposeScope();
        var world = new SyntheticWorld(1, WorldConfig.Localization);
        var encoder = PretrainedEncoders.ImageEncoder(new SyntheticWorld(1));           // the shipped encoder
        using var clips = LocalizationClips.Cached(world, encoder, Split.Test, 12);
        Assert.Equal(new long[] { 12, 128, 8, 8 }, clips.Features.shape);
        Assert.Equal(new long[] { 12, 64, 64 }, clips.Masks.shape);
        Assert.All(clips.Clips, c => Assert.Equal(Place.Plain, c.Frame.Scene.Place)); // no background to match the sound by

        manual_seed(2);
        using var model = new SoundLocalizer();
        var evaluation = LocalizationEvaluation.Run(model, clips, batchSize: 5);        // three batches: 5 + 5 + 2
        model.eval();
        using (no_grad())
        {
            var (_, alpha) = model.Attend(clips.Features, clips.LogMels);              // (12, 8, 8)
            Assert.True(allclose(alpha, evaluation.Heatmaps, rtol: 1e-5, atol: 1e-7), "Run scores α, the attention over the cells");
        }
        Assert.Equal(MultiModal.Metrics.SoundLocalization.Ciou(evaluation.Heatmaps, clips.Masks), evaluation.Cious);

        var oracle = LocalizationEvaluation.GridOracle(clips, 8);
        for (var i = 0; i < clips.Count; i++)
        {
            // cell (r, c) holds the share of its 8×8 pixels inside the mask, counted here pixel by pixel
            var mask = clips.Masks[i].data<float>().ToArray();
            for (var r = 0; r < 8; r++)
                for (var c = 0; c < 8; c++)
                {
                    var inside = 0;
                    for (var y = 0; y < 8; y++)
                        for (var x = 0; x < 8; x++)
                            inside += mask[(8 * r + y) * 64 + 8 * c + x] > 0.5f ? 1 : 0;
                    Assert.Equal(inside / 64.0, oracle.Heatmaps[i, r, c].item<float>(), 6);
                }
        }
        Assert.All(LocalizationEvaluation.GridOracle(clips, 64).Cious, c => Assert.Equal(1.0, c, 9));  // the mask itself
        Assert.True(oracle.MeanCiou > LocalizationEvaluation.WholeImage(clips).MeanCiou);
        Assert.Contains("must divide", Assert.Throws<ArgumentOutOfRangeException>(() => LocalizationEvaluation.GridOracle(clips, 7)).Message);
    }
}
