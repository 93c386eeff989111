using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static MultiModal.Tests.Captioning.CaptionTestData;
using MultiModal.Models.Captioning;
using MultiModal.Models.Encoders;
using MultiModal.Models.Losses;

namespace MultiModal.Tests.Captioning;

public class SupervisedAttentionTests
{
    private static readonly SyntheticWorld World = new(seed: 3, new WorldConfig { Scenes = new SceneConfig { CaptionStyle = CaptionStyle.Canonical } });

    [Fact]
    public void Object_cells_are_the_share_of_the_mask_in_each_grid_cell()
    {
        foreach (var s in World.Samples(Split.Train, 0, 10))
            for (var o = 0; o < s.Scene.Objects.Count; o++)
            {
                var cells = CaptionGrounding.ObjectCells(s.Frame, o, 8);
                var mask = s.Frame.Mask(o);                                      // independent: count mask pixels per 8×8 block
                var total = mask.Count(m => m);
                for (var r = 0; r < 8; r++)
                    for (var c = 0; c < 8; c++)
                    {
                        var inside = 0;
                        for (var y = r * 8; y < r * 8 + 8; y++)
                            for (var x = c * 8; x < c * 8 + 8; x++)
                                if (mask[y * 64 + x]) inside++;
                        Assert.Equal((double)inside / total, cells[r * 8 + c], 6);
                    }
                Assert.Equal(1.0, cells.Sum(), 5);
            }
        var frame = World.Sample(Split.Train, 0).Frame;
        Assert.Contains("gridSize", Assert.Throws<ArgumentException>(() => CaptionGrounding.ObjectCells(frame, 0, 7)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CaptionGrounding.ObjectCells(frame, 99, 8));
    }

    [Fact]
    public void Batches_with_attention_targets_match_plain_batches_and_supervise_exactly_the_naming_words()
    {
        using var scope = NewDisposeScope();
        Seed(6);
        using var data = EncodedScenes.Encode(World, SmallEncoder(), Split.Train, 12);
        var (features, tokens) = data.Batch(new Random(9), 16);
        var (features2, tokens2, targets) = data.BatchWithAttentionTargets(new Random(9), 16);
        Assert.True(features.eq(features2).all().item<bool>());
        Assert.True(tokens.eq(tokens2).all().item<bool>());
        Assert.Equal(new long[] { 16, tokens.shape[1] - 1, 64 }, targets.shape);
        var ids = tokens.data<long>().ToArray();
        var rows = targets.sum(2);                                               // (16, T−1)
        var supervisedWords = 0;
        for (var b = 0; b < 16; b++)
        {
            // Recover the scene of row b by its features, then check every target against the pixels.
            var scene = Enumerable.Range(0, data.Count).First(i => data.Features[i].eq(features[b]).all().item<bool>());
            var frame = data.Samples[scene].Frame;
            for (var t = 0; t < targets.shape[1]; t++)
            {
                var word = Vocabulary.Captions[(int)ids[b * tokens.shape[1] + t + 1]];
                var sum = rows[b, t].item<float>();
                if (word is "a" or "an" or "is" or "left" or "right" or "of" or "above" or "below" or "and" or "there" or "<end>" or "<pad>")
                    Assert.Equal(0f, sum);                                               // function words are never supervised
                if (sum == 0) continue;
                Assert.Equal(1f, sum, 4);
                supervisedWords++;
                // Every cell the target covers holds pixels of an object that has this attribute.
                var row = targets[b, t].data<float>().ToArray();
                for (var cell = 0; cell < 64; cell++)
                {
                    if (row[cell] == 0) continue;
                    var objects = Enumerable.Range(0, 64).Select(k => frame.Instances[((cell / 8) * 8 + k / 8) * 64 + (cell % 8) * 8 + k % 8])
                        .Where(id => id > 0).Select(id => frame.Scene.Objects[id - 1]).ToArray();
                    Assert.True(objects.Any(o => word == "object" || word == Attributes.Word(o.Size) || word == Attributes.Word(o.Color) || word == Attributes.Word(o.Shape)),
                        $"'{word}' (step {t}) is supervised to cell {cell}, which holds [{string.Join("; ", objects.Distinct())}] of {frame.Scene}");
                }
            }
        }
        Assert.True(supervisedWords >= 16 * 2, $"only {supervisedWords} supervised words in 16 canonical captions");
    }

    [Fact]
    public void Attention_supervision_is_the_mean_cross_entropy_over_supervised_steps()
    {
        using var scope = NewDisposeScope();
        Seed(7);
        var attention = softmax(randn(3, 4, 64), 2);                           // (3, 4, 64)
        var targets = zeros(3, 4, 64);
        targets[0, 1] = softmax(randn(64), 0);                                 // two supervised steps, the rest ignored
        targets[2, 3, 10] = 1f;
        var a = attention.data<float>().ToArray();
        var g = targets.data<float>().ToArray();
        double total = 0;
        var steps = 0;
        for (var bt = 0; bt < 12; bt++)
        {
            var rowSum = Enumerable.Range(0, 64).Sum(i => g[bt * 64 + i]);
            if (rowSum == 0) continue;
            steps++;
            total -= Enumerable.Range(0, 64).Sum(i => g[bt * 64 + i] * Math.Log(a[bt * 64 + i]));
        }
        Assert.Equal(2, steps);
        Assert.Equal(total / steps, AttentionSupervision.Loss(attention, targets).item<float>(), 4);
        Assert.Equal(0f, AttentionSupervision.Loss(attention, zeros(3, 4, 64)).item<float>());
        Assert.Contains("shape", Assert.Throws<ArgumentException>(() => AttentionSupervision.Loss(attention, zeros(3, 5, 64))).Message);
    }

    [Fact]
    public void Supervised_attention_learns_to_look_at_the_target_cells()
    {
        // Overfit one batch: every word's target is one cell chosen by the word; attention must move there.
        Seed(8);
        using var scope = NewDisposeScope();
        var model = new ShowAttendTell(SmallEncoder(), new ShowAttendTellConfig(VocabSize, Tokens, EmbedDim: 32, HiddenDim: 64, AttentionDim: 32,
            Dropout: 0, DoublyStochasticWeight: 0, CoordinateChannels: true, AttentionSupervisionWeight: 1.0));
        var (tokens, _) = Captions(6, 3, 5, seed: 8);                          // (6, 7)
        var features = model.Encode(Images(6));                                // (6, 32, 8, 8)
        var next = tokens[.., 1..];                                            // (6, 6): the predicted words
        var targets = nn.functional.one_hot((next * 5) % 64, 64).to(float32) * next.gt(2).unsqueeze(2).to(float32); // (6, 6, 64), real words only
        double Mass() { using var _ = no_grad(); return (model.TeacherForcing(features, tokens).Attention! * targets).sum().item<float>() / targets.sum().item<float>(); }
        var before = Mass();
        var optimizer = optim.Adam(model.TrainableParameters(), 1e-2);
        Trainer.Train(model, optimizer, _ => model.LossFromFeatures(features, tokens, targets), new TrainerConfig(Steps: 120, ShowProgress: false));
        var after = Mass();
        Assert.True(before < 0.1 && after > 0.8, $"attention mass on the target cells: {before:F3} → {after:F3}");
    }

    [Fact]
    public void Coordinate_channels_append_the_cell_centres()
    {
        using var scope = NewDisposeScope();
        var xy = ShowAttendTell.Coordinates(8);                                 // (64, 2)
        Assert.Equal(new long[] { 64, 2 }, xy.shape);
        for (var r = 0; r < 8; r++)
            for (var c = 0; c < 8; c++)
            {
                Assert.Equal(-1 + 2 * c / 7.0, xy[r * 8 + c, 0].item<float>(), 5);
                Assert.Equal(-1 + 2 * r / 7.0, xy[r * 8 + c, 1].item<float>(), 5);
            }
        Seed(9);
        var model = new ShowAttendTell(SmallEncoder(), new ShowAttendTellConfig(VocabSize, Tokens, EmbedDim: 16, HiddenDim: 32, AttentionDim: 16, CoordinateChannels: true));
        var features = model.Encode(Images(2));                                // (2, 32, 8, 8)
        var state = model.BeginFromFeatures(features);
        Assert.Equal(new long[] { 2, 64, 34 }, state.Pixels.shape);
        Assert.True(state.Pixels[1, .., 32..].eq(xy).all().item<bool>());
        Assert.True(state.Pixels[.., .., ..32].eq(ImageEncoder.ToPixels(features)).all().item<bool>());
        var step = model.Step(state, full(2, Tokens.Start, dtype: int64));
        Assert.Equal(new long[] { 2, 34 }, step.Context.shape);
        Assert.Contains("8×8", Assert.Throws<ArgumentException>(() => model.BeginFromFeatures(zeros(2, 32, 4, 4))).Message);
    }

    [Fact]
    public void The_supervision_weight_is_never_silently_ignored()
    {
        using var scope = NewDisposeScope();
        Seed(10);
        var (tokens, _) = Captions(3, 2, 4, seed: 10);
        var targets = softmax(randn(3, tokens.shape[1] - 1, 64), 2);
        // weight 0: targets given to the supervised loss would do nothing, so that call is refused
        var plain = new ShowAttendTell(SmallEncoder(), new ShowAttendTellConfig(VocabSize, Tokens, EmbedDim: 16, HiddenDim: 32, AttentionDim: 16, Dropout: 0));
        var features = plain.Encode(Images(3));
        Assert.Contains("AttentionSupervisionWeight is 0", Assert.Throws<InvalidOperationException>(() => plain.LossFromFeatures(features, tokens, targets)).Message);
        Assert.True(plain.LossFromFeatures(features, tokens).item<float>() > 0);
        // weight > 0: the target-free paths would drop the supervision, so they are refused and name the setting
        var supervised = new ShowAttendTell(SmallEncoder(), new ShowAttendTellConfig(VocabSize, Tokens, EmbedDim: 16, HiddenDim: 32, AttentionDim: 16,
            Dropout: 0, AttentionSupervisionWeight: 0.5));
        Assert.Contains("AttentionSupervisionWeight = 0.5", Assert.Throws<InvalidOperationException>(() => supervised.LossFromFeatures(features, tokens)).Message);
        Assert.Contains("AttentionSupervisionWeight", Assert.Throws<InvalidOperationException>(() => supervised.Loss(Images(3), tokens)).Message);
        // and with targets the weight scales exactly the supervision term
        supervised.eval();
        var output = supervised.TeacherForcing(features, tokens);
        var withWeight = supervised.LossFromFeatures(features, tokens, targets).item<float>();
        var unsupervisedPart = withWeight - 0.5f * AttentionSupervision.Loss(output.Attention!, targets).item<float>();
        var reference = nn.functional.cross_entropy(output.Logits.reshape(-1, VocabSize), tokens[.., 1..].reshape(-1), ignore_index: Tokens.Pad).item<float>();
        var total = (output.Attention! * tokens[.., 1..].ne(Tokens.Pad).to(float32).unsqueeze(2)).sum(1);
        var doubly = 1.0f * (1 - total).pow(2).mean().item<float>();       // default λ = 1
        Assert.Equal(reference + doubly, unsupervisedPart, 4);
        Assert.Contains("AttentionSupervisionWeight", Assert.Throws<ArgumentException>(() =>
            new ShowAttendTell(SmallEncoder(), new ShowAttendTellConfig(VocabSize, Tokens, AttentionSupervisionWeight: -1))).Message);
    }
}
