using MultiModal.Models.Encoders;
using MultiModal.Models.Generation;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Generation;

/// <summary>
/// The text-to-image GAN's pieces against hand-computed values (the hinge losses, GAN-INT), their shapes and ranges,
/// the discriminator's ability to learn "does this sentence fit this image" from the matching-aware loss alone, and
/// clear errors for bad input.
/// </summary>
public class GanTests
{
    private static readonly SyntheticWorld World = ObjectCrops.World();

    [Fact]
    public void Hinge_losses_match_their_formulas_on_hand_picked_scores()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new[] { 2.0f, 0.5f });       // max(0, 1 − s): 0, 0.5 → 0.25
        var wrong = tensor(new[] { -2.0f, 0.0f });     // max(0, 1 + s): 0, 1 → 0.5
        var fake = tensor(new[] { 0.3f, -1.0f });      // max(0, 1 + s): 1.3, 0 → 0.65
        Assert.Equal(0.25 + 0.5 * (0.5 + 0.65), GanLosses.Discriminator(real, wrong, fake).item<float>(), 5);
        Assert.Equal(0.25 + 0.65, GanLosses.Discriminator(real, null, fake).item<float>(), 5);
        Assert.Equal(-(0.3 - 1.0) / 2, GanLosses.Generator(fake).item<float>(), 5);
        var mid = GanLosses.Interpolate(tensor(new[,] { { 0f, 4f } }), tensor(new[,] { { 2f, 0f } }), 0.25);
        Assert.Equal(new[] { 1.5f, 1.0f }, mid.data<float>().ToArray());   // 0.25·φ₁ + 0.75·φ₂
    }

    [Fact]
    public void The_discriminator_loss_pushes_real_scores_up_and_wrong_and_fake_scores_down_only_inside_the_margin()
    {
        using var scope = NewDisposeScope();
        var real = tensor(new[] { 0.0f, 3.0f }).requires_grad_(true);
        var wrong = tensor(new[] { 0.0f, -3.0f }).requires_grad_(true);
        var fake = tensor(new[] { 0.0f, -3.0f }).requires_grad_(true);
        GanLosses.Discriminator(real, wrong, fake).backward();
        Assert.Equal(new[] { -0.5f, 0f }, real.grad!.data<float>().ToArray());     // −1/B inside the margin, 0 beyond it
        Assert.Equal(new[] { 0.25f, 0f }, wrong.grad!.data<float>().ToArray());    // ½ · 1/B
        Assert.Equal(new[] { 0.25f, 0f }, fake.grad!.data<float>().ToArray());
    }

    [Fact]
    public void The_generator_makes_images_in_tanh_range_and_the_same_seed_makes_the_same_images()
    {
        using var scope = NewDisposeScope();
        Course.Seed(3);
        var config = new TextToImageGanConfig(TextDim: 8, NoiseDim: 4, CompressedTextDim: 4, Width: 4);
        using var g = new TextToImageGenerator(config);
        var text = randn(5, 8);
        var a = g.Sample(text, seed: 1);
        Assert.Equal(new long[] { 5, 3, 32, 32 }, a.shape);
        Assert.True(a.abs().max().item<float>() <= 1f);
        Assert.True(a.eq(g.Sample(text, seed: 1)).all().item<bool>());
        Assert.False(a.eq(g.Sample(text, seed: 2)).all().item<bool>());
        var d = new MatchingDiscriminator(config);
        Assert.Equal(new long[] { 5 }, d.call(a, text).shape);
        var badText = Assert.Throws<ArgumentException>(() => g.Sample(randn(5, 7)));
        Assert.Contains("(n, 8)", badText.Message);
        Assert.Contains("[5, 7]", badText.Message);
        Assert.Throws<ArgumentException>(() => g.Sample(randn(5, 3), text));     // noise of the wrong width
        using (no_grad()) foreach (var p in g.parameters()) p.fill_(float.NaN);
        var diverged = Assert.Throws<InvalidOperationException>(() => g.Sample(text));
        Assert.Contains("diverged", diverged.Message);
    }

    [Fact]
    public void With_the_matching_aware_loss_alone_the_discriminator_learns_which_sentence_fits_a_real_image()
    {
        using var scope = NewDisposeScope();
        using var crops = ObjectCrops.Load(World, Split.Train, 128);
        using var words = PretrainedWordVectors.Load(new SyntheticWorld(1));
        using var encoder = new SentenceEncoder(words);
        var text = encoder.Encode(crops.Descriptions);                              // (128, 32)
        var wrongText = encoder.Encode(crops.Descriptions.Select((_, i) => crops.Descriptions[(i + 1) % crops.Count] == crops.Descriptions[i]
            ? crops.Descriptions[(i + 2) % crops.Count] : crops.Descriptions[(i + 1) % crops.Count]).ToArray());
        Course.Seed(5);
        var d = new MatchingDiscriminator(new TextToImageGanConfig(Width: 8));
        using var optimizer = new MultiModal.Training.Adam(d.parameters(), 1e-3);
        for (var step = 0; step < 60; step++)
        {
            using var s = NewDisposeScope();
            var loss = GanLosses.Discriminator(d.call(crops.Images, text), d.call(crops.Images, wrongText), d.call(crops.Images, text).detach() - 10);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        d.eval();
        using var ng = no_grad();
        var prefersRight = d.call(crops.Images, text).gt(d.call(crops.Images, wrongText)).to(float32).mean().item<float>();
        Assert.True(prefersRight > 0.9, $"after 60 steps D should score the right sentence above a wrong one for most images, did for {prefersRight:P0}");
    }

    [Fact]
    public void Crops_are_centred_on_the_object_and_padded_with_black()
    {
        using var scope = NewDisposeScope();
        var image = zeros(1, 3, 48, 48);
        image[0, 1, 40, 5] = tensor(1f);                                            // one green pixel at x = 5, y = 40
        var crop = ObjectCrops.Crop(image, [(5.2, 39.7)]);
        Assert.Equal(new long[] { 1, 3, 32, 32 }, crop.shape);
        Assert.Equal(1f, crop[0, 1, 16, 16].item<float>());                          // the centre lands at (16, 16)
        Assert.Equal(1f, crop.sum().item<float>());                                  // the rest is the image's black or padding
        using var crops = ObjectCrops.Load(World, Split.Train, 20);
        for (var i = 0; i < crops.Count; i++)
        {
            var o = crops.Objects[i];
            var centre = crops.Images[i, .., 16, 16];                                // (3) in [−1, 1]
            Assert.True(centre.max().item<float>() > 0, $"crop {i} ({o}) should show its object at the centre");
        }
        Assert.Equal(crops.Objects.Select(o => o.Description), crops.Descriptions);
        var many = Assert.Throws<ArgumentException>(() => ObjectCrops.Load(new SyntheticWorld(1), Split.Train, 4));
        Assert.Contains("SceneConfig.MaxObjects", many.Message);
    }

    [Fact]
    public void The_sentence_encoder_standardises_the_mean_of_word_vectors_and_names_unknown_words()
    {
        using var scope = NewDisposeScope();
        using var words = PretrainedWordVectors.Load(new SyntheticWorld(1));
        using var encoder = new SentenceEncoder(words);
        var all = (from size in new[] { "small", "large" } from c in Attributes.Colors from s in Attributes.Shapes
                   select $"{size} {Attributes.Word(c)} {Attributes.Word(s)}").ToArray();
        var raw = stack(all.Select(d => (words["" + d.Split(' ')[0]] + words[d.Split(' ')[1]] + words[d.Split(' ')[2]]) / 3).ToArray());   // (70, 32) by hand
        var expected = (raw[5] - raw.mean([0L])) / raw.std([0L]);
        Assert.True(encoder.Encode(all[5]).allclose(expected, rtol: 1e-4, atol: 1e-5));
        Assert.Equal(new long[] { 2, words.Dim }, encoder.Encode(["large red circle", "small blue cross"]).shape);
        var unknown = Assert.Throws<ArgumentException>(() => encoder.Encode("large turquoise circle"));
        Assert.Contains("\"turquoise\"", unknown.Message);
        Assert.Contains("colours (red", unknown.Message);
        Assert.Throws<ArgumentException>(() => encoder.Encode("  "));
    }

    [Fact]
    public void Training_checks_its_settings_and_a_diverged_discriminator_stops_with_a_message()
    {
        using var scope = NewDisposeScope();
        using var crops = ObjectCrops.Load(World, Split.Train, 16);
        using var words = PretrainedWordVectors.Load(new SyntheticWorld(1));
        using var encoder = new SentenceEncoder(words);
        var text = encoder.Encode(crops.Descriptions);
        using var gan = new TextToImageGan(new TextToImageGanConfig(Width: 4));
        var scenes = Assert.Throws<ArgumentException>(() => gan.Fit(crops, text, new GanTrainingConfig(Steps: 2, BatchSize: 4), showProgress: false));
        Assert.Contains("GanTrainingConfig.Scenes", scenes.Message);
        var history = gan.Fit(crops, text, new GanTrainingConfig(Steps: 10, BatchSize: 4, Scenes: 16), showProgress: false);
        Assert.Equal(10, history.Count);
        Assert.Single(history.Extra["generator"]);                                   // the generator's mean over 10 steps
        Assert.Throws<ArgumentException>(() => gan.Fit(crops, text.narrow(1, 0, 8), new GanTrainingConfig(Steps: 2, BatchSize: 4, Scenes: 16), showProgress: false));
        using (no_grad()) foreach (var p in gan.Discriminator.parameters()) p.fill_(float.NaN);
        var diverged = Assert.Throws<InvalidOperationException>(() => gan.Fit(crops, text, new GanTrainingConfig(Steps: 2, BatchSize: 4, Scenes: 16), showProgress: false));
        Assert.Contains("diverged", diverged.Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new GanTrainingConfig(BatchSize: 1).Validate()).Message);
    }

    [Fact]
    public void The_judge_refuses_images_of_the_wrong_size_and_NaN_images()
    {
        using var scope = NewDisposeScope();
        var judge = new AttributeClassifier();
        var size = Assert.Throws<ArgumentException>(() => judge.Features(zeros(2, 3, 48, 48)));
        Assert.Contains("[2, 3, 48, 48]", size.Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => judge.Features(full(2, 3, 32, 32, float.NaN))).Message);
        var labels = Assert.Throws<ArgumentException>(() => judge.Accuracy(zeros(2, 3, 32, 32), zeros(3, int64), zeros(2, int64), zeros(2, int64)));
        Assert.Contains("shape label", labels.Message);
        Assert.Equal(new long[] { 3, AttributeClassifier.FeatureDim }, judge.Features(zeros(3, 3, 32, 32), batchSize: 2).shape);
    }
}
