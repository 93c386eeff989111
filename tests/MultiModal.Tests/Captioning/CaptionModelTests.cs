using MultiModal.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using static MultiModal.Tests.Captioning.CaptionTestData;
using MultiModal.Models.Attention;
using MultiModal.Models.Captioning;
using MultiModal.Models.Decoding;

namespace MultiModal.Tests.Captioning;

public class CaptionModelTests
{
    private static ShowAndTell NewShowAndTell(int hidden = 64, double dropout = 0.0) =>
        new(SmallEncoder(), new ShowAndTellConfig(VocabSize, Tokens, EmbedDim: 32, HiddenDim: hidden, Dropout: dropout));

    private static ShowAttendTell NewShowAttendTell(int hidden = 64, double dropout = 0.0, double lambda = 0.0) =>
        new(SmallEncoder(), new ShowAttendTellConfig(VocabSize, Tokens, EmbedDim: 32, HiddenDim: hidden, AttentionDim: 32, Dropout: dropout, DoublyStochasticWeight: lambda));

    [Fact]
    public void Show_and_tell_shapes()
    {
        CaptionTestData.Seed(10);
        using var scope = NewDisposeScope();
        var model = NewShowAndTell();
        var (tokens, _) = Captions(3, 2, 5, seed: 1);                      // (3, 7)
        var images = Images(3);
        Assert.Equal(new long[] { 3, 6, VocabSize }, model.forward(images, tokens).shape);
        var loss = model.Loss(images, tokens);
        Assert.Empty(loss.shape);
        var state = model.InitialState(model.Encode(images));
        Assert.Equal(new long[] { 3, 64 }, state[0].shape);
        var step = model.DecodeStep(full(3, Tokens.Start, dtype: int64), state);
        Assert.Equal(new long[] { 3, VocabSize }, step.LogProbs.shape);
        Assert.True(step.LogProbs.exp().sum(1).allclose(ones(3), 1e-5, 1e-5));
        Assert.Null(step.Attention);
        var captions = model.Greedy(images, maxLength: 6);
        Assert.Equal(3, captions.Length);
        Assert.All(captions, c => { Assert.Null(c.Attention); Assert.True(c.Length <= 6); });
        Assert.Null(model.Beam(images[0], beamWidth: 2, maxLength: 6).Attention);
    }

    [Fact]
    public void Show_attend_tell_shapes_and_attention_sums_to_one_over_pixels()
    {
        CaptionTestData.Seed(11);
        using var scope = NewDisposeScope();
        var model = NewShowAttendTell();
        var (tokens, _) = Captions(3, 2, 5, seed: 2);
        var images = Images(3);
        var output = model.TeacherForcing(model.Encode(images), tokens);
        Assert.Equal(new long[] { 3, 6, VocabSize }, output.Logits.shape);
        Assert.Equal(new long[] { 3, 6, 64 }, output.Attention!.shape);
        Assert.True(output.Attention.sum(2).allclose(ones(3, 6), 1e-5, 1e-5));
        Assert.True(output.Attention.min().item<float>() >= 0);

        // The walkthrough API: h0 → s1 → z1; start + z1 → h1 → first word.
        var state = model.Begin(images[0]);
        Assert.Equal(new long[] { 1, 64, 128 / 4 }, state.Pixels.shape);   // width-8 encoder: encoderDim 32
        var step = model.Step(state, tensor(new long[] { Tokens.Start }));
        Assert.Equal(new long[] { 1, 64 }, step.Attention.shape);
        Assert.Equal(new long[] { 1, 32 }, step.Context.shape);
        Assert.Equal(new long[] { 1, 1 }, step.Gate.shape);
        Assert.Equal(new long[] { 1, 32 }, step.GatedContext.shape);
        Assert.Equal(new long[] { 1, 64 }, step.Hidden.shape);
        Assert.Equal(new long[] { 1, VocabSize }, step.LogProbs.shape);
        var beta = step.Gate.item<float>();
        Assert.InRange(beta, 0f, 1f);
        Assert.True((step.Context * beta).allclose(step.GatedContext, 1e-6, 1e-5));
        Assert.True(SoftAttention.WeightedSum(step.Attention, state.Pixels).allclose(step.Context, 1e-6, 1e-5));

        var captions = model.Greedy(images, maxLength: 5);
        foreach (var c in captions)
        {
            Assert.Equal(new long[] { c.Length, 8, 8 }, c.Attention!.shape);
            if (c.Length > 0) Assert.True(c.Attention.sum([1L, 2L]).allclose(ones(c.Length), 1e-5, 1e-5));
        }
        var beam = model.Beam(images[1], beamWidth: 3, maxLength: 5);
        Assert.Equal(new long[] { beam.Length, 8, 8 }, beam.Attention!.shape);
    }

    [Fact]
    public void Doubly_stochastic_penalty_is_lambda_times_mean_squared_gap_over_real_steps()
    {
        using var scope = NewDisposeScope();
        CaptionTestData.Seed(12);
        var plain = NewShowAttendTell(lambda: 0.0);
        CaptionTestData.Seed(12);
        var regularised = NewShowAttendTell(lambda: 2.5);                  // same seed → same weights
        plain.eval(); regularised.eval();
        var (tokens, _) = Captions(4, 1, 5, seed: 3);                      // varied lengths → padding
        var features = plain.Encode(Images(4));
        var attention = plain.TeacherForcing(features, tokens).Attention!; // (4, 6, 64)
        var mask = tokens[.., 1..].ne(Tokens.Pad).to(float32).unsqueeze(2);
        var expected = 2.5 * (1 - (attention * mask).sum(1)).pow(2).mean().item<float>();
        var gap = regularised.LossFromFeatures(features, tokens).item<float>() - plain.LossFromFeatures(features, tokens).item<float>();
        Assert.Equal(expected, gap, 4);
        Assert.True(expected > 0);
    }

    /// <summary>Overfit one batch: 6 random images → random captions, 150 Adam steps; greedy must reproduce them.</summary>
    private static void MemorisesAHandful(Func<CaptionModel> build, int seed)
    {
        CaptionTestData.Seed(seed);
        using var scope = NewDisposeScope();
        var model = build();
        var images = Images(6);
        var (tokens, words) = Captions(6, 3, 6, seed: seed);
        var features = model.Encode(images);                               // frozen encoder: encode once
        var optimizer = optim.Adam(model.TrainableParameters(), 1e-2);
        var history = Trainer.Train(model, optimizer, _ => model.LossFromFeatures(features, tokens),
            new TrainerConfig(Steps: 150, ClipGradNorm: 5, ShowProgress: false));
        Assert.True(history.Last < 0.05, $"{model.GetName()}: loss after 150 steps {history.Last:F4}");
        var captions = model.Greedy(images, maxLength: 10);
        for (var i = 0; i < 6; i++) Assert.Equal(words[i], captions[i].Tokens);
        Assert.All(captions, c => Assert.True(c.Finished));
        Assert.Equal(words[0], model.Beam(images[0], beamWidth: 3, maxLength: 10).Tokens);   // beam agrees on memorised captions
    }

    [Fact]
    public void Show_and_tell_memorises_a_handful_of_images() => MemorisesAHandful(() => NewShowAndTell(hidden: 96), seed: 20);

    [Fact]
    public void Show_attend_tell_memorises_a_handful_of_images() => MemorisesAHandful(() => NewShowAttendTell(hidden: 96), seed: 21);

    [Fact]
    public void Beam_search_of_width_one_is_greedy_decoding()
    {
        CaptionTestData.Seed(30);
        using var scope = NewDisposeScope();
        CaptionModel[] models = [NewShowAndTell(), NewShowAttendTell()];
        var images = Images(4);
        foreach (var model in models)
        {
            var greedy = model.Greedy(images, maxLength: 8);
            for (var i = 0; i < 4; i++)
            {
                var beam = model.BeamSearch(images[i], beamWidth: 1, maxLength: 8);
                Assert.Single(beam);
                Assert.Equal(greedy[i].Tokens, beam[0].Tokens);
                Assert.Equal(greedy[i].LogProb, beam[0].LogProb, 4);
                Assert.Equal(greedy[i].Finished, beam[0].Finished);
                if (greedy[i].Attention is { } a) Assert.True(a.allclose(beam[0].Attention!, 1e-5, 1e-5));
            }
        }
    }

    [Fact]
    public void Decoding_restores_training_mode_and_leaves_no_gradients()
    {
        using var scope = NewDisposeScope();
        var model = NewShowAttendTell(dropout: 0.5);
        model.train();
        var images = Images(2);
        var a = model.Greedy(images, 6);
        var b = model.Greedy(images, 6);
        Assert.True(model.training);
        for (var i = 0; i < 2; i++) Assert.Equal(a[i].Tokens, b[i].Tokens);   // dropout was off while decoding
        Assert.False(a[0].Attention!.requires_grad);
    }

    [Fact]
    public void Bad_decoding_input_gets_clear_errors()
    {
        using var scope = NewDisposeScope();
        var model = NewShowAttendTell();
        var e1 = Assert.ThrowsAny<ArgumentException>(() => model.Greedy(rand(2, 3, 32, 32)));
        Assert.Contains("64×64", e1.Message);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => model.Beam(rand(1, 64, 64)));
        Assert.Contains("3 colour channels", e2.Message);
        var e3 = Assert.ThrowsAny<ArgumentException>(() => model.Beam(rand(3, 64, 64), beamWidth: 0));
        Assert.Contains("Beam width must be at least 1", e3.Message);
        var e4 = Assert.ThrowsAny<ArgumentException>(() => model.BeamSearch(rand(2, 3, 64, 64)));
        Assert.Contains("one image at a time", e4.Message);
        var e5 = Assert.ThrowsAny<ArgumentException>(() => new ShowAndTell(SmallEncoder(), new ShowAndTellConfig(0, Tokens)));
        Assert.Contains("vocabulary is empty", e5.Message);
        var e6 = Assert.ThrowsAny<ArgumentException>(() => new ShowAttendTell(SmallEncoder(), new ShowAttendTellConfig(10, new SpecialTokens(1, 2, 10))));
        Assert.Contains("Pad = 10", e6.Message);
        var e7 = Assert.ThrowsAny<ArgumentException>(() => model.Loss(Images(2), tensor(new long[,] { { 5, 3, 2 }, { 1, 3, 2 } })));
        Assert.Contains("start token", e7.Message);
        var e8 = Assert.ThrowsAny<ArgumentException>(() => model.Loss(Images(2), tensor(new long[,] { { 1, 30, 2 }, { 1, 3, 2 } })));
        Assert.Contains("0 … 11", e8.Message);
        var e9 = Assert.ThrowsAny<ArgumentException>(() => GreedyDecoder.Decode((p, s) => new DecoderStepOutput(zeros(new long[] { p.shape[0], 0 }), s, null), [zeros(1, 4)], Tokens));
        Assert.Contains("vocabulary is empty", e9.Message);
    }
}
