using MultiModal.Models.Encoders;
using MultiModal.Models.Localization;
using MultiModal.Tensors;
using MultiModal.Training;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Localization;

public class SoundLocalizerTests
{
    private static readonly SoundLocalizerConfig Small = new(VisualDim: 8, EmbedDim: 6, Audio: new AudioEncoderConfig(NMels: 16, Width: 2));

    private static (Tensor Features, Tensor LogMel) Inputs(int batch, int seed)
    {
        manual_seed(seed);
        return (randn(batch, 8, 4, 4), randn(batch, 16, 12).mul(10).sub(40));      // (b, 8, 4, 4), (b, 16 mels, 12 frames) in dB
    }

    [Fact]
    public void The_heatmap_is_the_cosine_of_every_projected_cell_with_the_sound()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = new SoundLocalizer(Small);
        model.eval();
        var (f, l) = Inputs(3, 2);
        var map = model.Heatmap(f, l);                                               // (3, 4, 4)
        Assert.Equal(new long[] { 3, 4, 4 }, map.shape);
        var projected = model.VisualProjection.forward(f);                          // (3, 6, 4, 4), before normalising
        var sound = model.Sound.forward(l);                                         // (3, 6)
        for (var b = 0; b < 3; b++)
            for (var r = 0; r < 4; r++)
                for (var c = 0; c < 4; c++)
                {
                    var cell = projected[b, TensorIndex.Colon, r, c];
                    var cos = nn.functional.cosine_similarity(cell.unsqueeze(0), sound[b].unsqueeze(0), 1).item<float>();
                    Assert.Equal(cos, map[b, r, c].item<float>(), 5);
                }
        var (z, alpha) = model.Attend(f, l);
        Assert.Equal(1.0, alpha.sum([1, 2]).mean().item<float>(), 5);              // α sums to 1 over the cells
        var expectedAlpha = softmax(map.flatten(1).div(Small.AttentionTemperature), 1).view(3, 4, 4);
        Assert.True(alpha.allclose(expectedAlpha, rtol: 1e-5, atol: 1e-6));
        Assert.Equal(new long[] { 3, 6 }, z.shape);
    }

    [Fact]
    public void The_loss_is_the_cross_entropy_of_each_sound_over_every_image_attended_with_it()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var model = new SoundLocalizer(Small);
        model.eval();
        var (f, l) = Inputs(3, 4);
        // ℓ_ij written out pair by pair with the public pieces: image j attended with sound i, then cos(z_ij, h_i) / τ.
        var h = model.SoundVector(l);                                                // (3, 6)
        var total = 0.0;
        for (var i = 0; i < 3; i++)
        {
            var logits = new double[3];
            for (var j = 0; j < 3; j++)
            {
                var v = model.Cells(f[j].unsqueeze(0))[0];                           // (6, 16)
                var s = matmul(h[i], v);                                             // (16)
                var alpha = softmax(s.div(Small.AttentionTemperature), 0);                                  // (16)
                var z = matmul(v, alpha);                                            // (6)
                logits[j] = nn.functional.cosine_similarity(z.unsqueeze(0), h[i].unsqueeze(0), 1).item<float>() / 0.1;
            }
            var max = logits.Max();
            total += -(logits[i] - max - Math.Log(logits.Sum(x => Math.Exp(x - max))));
        }
        Assert.Equal(total / 3, model.Loss(f, l).item<float>(), 4);
    }

    [Fact]
    public void Both_losses_overfit_one_batch_and_the_supervised_map_finds_the_marked_cells()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var model = new SoundLocalizer(Small);
        var (f, l) = Inputs(6, 6);
        var masks = zeros(6, 16, 16);                                               // a 4×4 grid over 16×16 masks: 4×4-pixel cells
        for (var b = 0; b < 6; b++)
            using (var one = tensor(1f)) masks[b, TensorIndex.Slice(4 * (b % 4), 4 * (b % 4) + 4), TensorIndex.Slice(4 * (b / 2 % 4), 4 * (b / 2 % 4) + 4)] = one;
        // As in the world, the sounding object is something the image features show: its cell carries a vector of its own
        // on top of the background's noise.
        f = f.mul(0.3);
        for (var b = 0; b < 6; b++) f[b, TensorIndex.Colon, b % 4, b / 2 % 4] += randn(8).mul(3);
        var first = model.Loss(f, l).item<float>();
        var optimizer = new Adam(model.parameters(), 3e-3);
        Trainer.Train(model, optimizer, _ => model.Loss(f, l), new TrainerConfig(Steps: 150, ShowProgress: false));
        model.eval();
        var last = model.Loss(f, l).item<float>();
        Assert.True(last < 0.1 * first, $"unsupervised loss {first:F3} → {last:F3}: the model cannot even tell six clips apart");
        model.train();
        var optimizer2 = new Adam(model.parameters(), 1e-2);
        Trainer.Train(model, optimizer2, _ => model.SupervisedLoss(f, l, masks), new TrainerConfig(Steps: 400, ShowProgress: false));
        model.eval();
        var (_, map) = model.Attend(f, l);                                           // (6, 4, 4) α, the scored response
        for (var b = 0; b < 6; b++)
            Assert.Equal((b % 4) * 4 + b / 2 % 4, map[b].flatten().argmax().item<long>()); // the peak is on the marked cell
        // A lone hot cell upsampled ×4 keeps 12 of its 16 pixels at ≥ ½ (the corners blend to ⅝·⅝ < ½): cIoU ≈ 0.75.
        var cious = MultiModal.Metrics.SoundLocalization.Ciou(map, masks);
        Assert.All(cious, c => Assert.True(c > 0.6, $"cIoU {c:F3} after fitting the masks of one batch"));
    }

    [Fact]
    public void The_supervised_loss_is_the_cross_entropy_of_the_attention_to_the_masks_share_of_each_cell()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var model = new SoundLocalizer(Small);
        model.eval();
        var (f, l) = Inputs(3, 5);
        var masks = zeros(3, 8, 8);                                                  // 8×8 pixels over the 4×4 grid: 2×2 pixels a cell
        masks[0, 0, 0] = tensor(1f);                                                 // one pixel: a quarter of cell 0
        masks[1, 2..6, 2..6] = tensor(1f);                                           // cells 5, 6, 9, 10 whole
        masks[2, 1..4, 0..3] = tensor(1f);                                           // 9 pixels over cells 0, 1, 4, 5
        var (_, alpha) = model.Attend(f, l);                                         // (3, 4, 4)
        var expected = 0.0;
        for (var b = 0; b < 3; b++)
        {
            var inside = new double[16];
            for (var y = 0; y < 8; y++)
                for (var x = 0; x < 8; x++)
                    inside[y / 2 * 4 + x / 2] += masks[b, y, x].item<float>();
            for (var k = 0; k < 16; k++)
                if (inside[k] > 0) expected -= inside[k] / inside.Sum() * Math.Log(alpha[b].flatten()[k].item<float>());
        }
        Assert.Equal(expected / 3, model.SupervisedLoss(f, l, masks).item<float>(), 4);
    }

    [Fact]
    public void A_silent_clip_gives_a_finite_map_and_bad_shapes_get_clear_errors()
    {
        using var scope = NewDisposeScope();
        var model = new SoundLocalizer(Small);
        model.eval();
        var (f, _) = Inputs(2, 7);
        using var silence = zeros(2, 16000);
        Assert.True(AudioEncoder.LogMel(silence).isfinite().all().item<bool>());   // −100 dB, not −∞
        var silentMel = full(2, 16, 12, -100f);
        Assert.True(model.Heatmap(f, silentMel).isfinite().all().item<bool>());
        Assert.Contains("same batch size", Assert.Throws<ArgumentException>(() => model.Heatmap(f, randn(3, 16, 12))).Message);
        Assert.Contains("[batch, 8, g, g]", Assert.Throws<ArgumentException>(() => model.Heatmap(randn(2, 5, 4, 4), randn(2, 16, 12))).Message);
        Assert.Contains("[batch, 16, frames ≥ 8]", Assert.Throws<ArgumentException>(() => model.Heatmap(f, randn(2, 64, 12))).Message);
        Assert.Contains("at least 2 clips", Assert.Throws<ArgumentException>(() => model.Loss(f[..1], randn(1, 16, 12))).Message);
        Assert.Contains("multiples of the grid", Assert.Throws<ArgumentException>(() => model.SupervisedLoss(f, randn(2, 16, 12), zeros(2, 15, 15))).Message);
        Assert.Contains("[batch, time]", Assert.Throws<ArgumentException>(() => AudioEncoder.LogMel(zeros(16000))).Message);
        Assert.Contains("NMels", Assert.Throws<ArgumentException>(() => new AudioEncoderConfig(NMels: 12).Validate()).Message);
        Assert.Contains("AttentionTemperature", Assert.Throws<ArgumentException>(() => new SoundLocalizer(Small with { AttentionTemperature = 0 })).Message);
    }
}
