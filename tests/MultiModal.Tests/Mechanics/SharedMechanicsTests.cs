using MultiModal.Models.Captioning;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Mechanics;

/// <summary>The one copy of each mechanic every notebook and model shares.</summary>
public class SharedMechanicsTests
{
    [Fact]
    public void EvalScope_turns_off_dropout_and_gradients_and_restores_the_mode_even_after_an_exception()
    {
        using var scope = NewDisposeScope();
        var model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5));
        model.train();
        var x = ones(64, 4, requires_grad: true);
        using (EvalScope.Of(model))
        {
            Assert.False(model.training);
            var y = model.forward(x);
            Assert.False(y.requires_grad);                                       // no graph is built
            Assert.Equal(y.ToFloats(), model.forward(x).ToFloats());             // dropout off: the same output twice
        }
        Assert.True(model.training);
        Assert.True(model.forward(x).requires_grad);
        Assert.Throws<InvalidOperationException>(new Action(() =>
        {
            using var eval = EvalScope.Of(model);
            throw new InvalidOperationException("boom");
        }));
        Assert.True(model.training);                                            // restored although the body threw
        model.eval();
        using (EvalScope.Of(model)) { }
        Assert.False(model.training);                                           // an evaluating model stays evaluating
    }

    [Fact]
    public void FeatureCache_reuses_a_file_of_the_right_shape_and_recomputes_anything_else()
    {
        var dir = Directory.CreateTempSubdirectory("mm-featcache-");
        try
        {
            using var scope = NewDisposeScope();
            var path = Path.Combine(dir.FullName, "f.bin");
            var computed = 0;
            Tensor Compute() { computed++; return arange(24, dtype: float32).reshape(2, 3, 4); }
            var first = FeatureCache.GetOrCompute(path, [2, 3, 4], Compute);
            var second = FeatureCache.GetOrCompute(path, [2, 3, 4], Compute);
            Assert.Equal(1, computed);
            Assert.Equal(first.ToFloats(), second.ToFloats());
            Assert.Null(FeatureCache.Read(path, [3, 2, 4]));                     // another shape: never used
            FeatureCache.GetOrCompute(path, [4, 6], () => { computed++; return zeros(4, 6); });
            Assert.Equal(2, computed);
            File.WriteAllBytes(path, [1, 2, 3]);                                 // truncated / foreign file
            Assert.Null(FeatureCache.Read(path, [4, 6]));
            Assert.Contains("[5, 5]", Assert.Throws<InvalidOperationException>(() => FeatureCache.GetOrCompute(null, [5, 5], () => zeros(2))).Message);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void The_fingerprint_changes_with_the_weights_and_only_with_them()
    {
        using var scope = NewDisposeScope();
        CaptionTestDataSeed(1);
        var a = nn.Linear(3, 2);
        var same = FeatureCache.Fingerprint(a);
        Assert.Equal(same, FeatureCache.Fingerprint(a));
        using (no_grad()) a.weight![0, 0] = a.weight[0, 0] + 1e-3f;
        Assert.NotEqual(same, FeatureCache.Fingerprint(a));
    }

    [Fact]
    public void Cached_scenes_are_read_back_identically_and_a_different_encoder_gets_its_own_file()
    {
        using var cache = new TempCache();
        {
            using var scope = NewDisposeScope();
            var world = new SyntheticWorld(3);
            CaptionTestDataSeed(2);
            var encoder = MultiModal.Tests.Captioning.CaptionTestData.SmallEncoder();
            using var encoded = EncodedScenes.Cached(world, encoder, Split.Test, 5);
            Assert.True(File.Exists(EncodedScenes.CachePath(world, encoder, Split.Test, 5)));
            using var again = EncodedScenes.Cached(world, encoder, Split.Test, 5);
            Assert.Equal(encoded.Features.ToFloats(), again.Features.ToFloats());
            using var uncached = EncodedScenes.Encode(world, encoder, Split.Test, 5);
            Assert.Equal(uncached.Features.ToFloats(), again.Features.ToFloats());
            CaptionTestDataSeed(3);
            var other = MultiModal.Tests.Captioning.CaptionTestData.SmallEncoder();
            Assert.NotEqual(EncodedScenes.CachePath(world, encoder, Split.Test, 5), EncodedScenes.CachePath(world, other, Split.Test, 5));
            Assert.Equal(world.Config.Scenes.RelationMargin, encoded.RelationMargin);
            Assert.Same(Vocabulary.Captions, encoded.Vocabulary);
        }
    }

    [Fact]
    public void Shapes_read_the_same_everywhere()
    {
        using var scope = NewDisposeScope();
        Assert.Equal("[8, 64]", zeros(8, 64).ShapeText());
        Assert.Equal("[]", tensor(1f).ShapeText());
        Assert.Equal("1×128×8×8", zeros(1, 128, 8, 8).Dims());
        Assert.Equal("scalar", tensor(1f).Dims());
        Assert.Equal(new[] { 0.0, 1.5, 3.0 }, tensor(new[] { 0f, 1.5f, 3f }).ToDoubles());
    }

    [Fact]
    public void Bilinear_upsampling_takes_one_map_or_a_stack_and_keeps_a_constant_constant()
    {
        using var scope = NewDisposeScope();
        var stackOf = rand(3, 8, 8);
        var up = Upsampling.Bilinear(stackOf, 64);                               // (3, 64, 64)
        Assert.Equal(new long[] { 3, 64, 64 }, up.shape);
        Assert.Equal(Upsampling.Bilinear(stackOf[1], 64).ToFloats(), up[1].ToFloats()); // one map = one slice of the stack
        Assert.True(Upsampling.Bilinear(full(8, 8, 0.25f), 64).sub(0.25f).abs().max().item<float>() < 1e-6);
        Assert.Contains("[n, h, w]", Assert.Throws<ArgumentException>(() => Upsampling.Bilinear(zeros(8), 64)).Message);
    }

    [Fact]
    public void Trainer_Run_refuses_a_clipping_setting_it_cannot_apply()
    {
        var e = Assert.Throws<ArgumentException>(() => Trainer.Run(_ => ones(1), new TrainerConfig(Steps: 1, ClipGradNorm: 5, ShowProgress: false)));
        Assert.Contains("ClipGradNorm", e.Message);
    }

    private static void CaptionTestDataSeed(int seed) => MultiModal.Tests.Captioning.CaptionTestData.Seed(seed);
}
