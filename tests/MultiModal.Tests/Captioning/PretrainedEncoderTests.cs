using MultiModal.World;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using MultiModal.Models.Captioning;
using MultiModal.Models.Encoders;

namespace MultiModal.Tests.Captioning;

public class PretrainedEncoderTests
{
    // A tiny budget and a narrow encoder so the whole pre-training takes a second.
    private static readonly EncoderPretrainingConfig Tiny = new(Scenes: 12, Steps: 3, BatchSize: 4, Encoder: new ImageEncoderConfig(Width: 8, Groups: 4));

    private static string TempDir() => Directory.CreateTempSubdirectory("mm-cache-").FullName;

    private static bool SameOutputs(ImageEncoder a, ImageEncoder b)
    {
        using var scope = NewDisposeScope();
        CaptionTestData.Seed(11);
        var x = rand(2, 3, 64, 64);
        return a.forward(x).allclose(b.forward(x));
    }

    [Fact]
    public void Cache_round_trip_trains_once_then_loads_the_same_weights()
    {
        var dir = TempDir();
        try
        {
            var world = new SyntheticWorld(1);
            var first = PretrainedEncoders.ImageEncoder(world, Tiny, dir);
            var path = PretrainedEncoders.CachePath(world, Tiny, dir);
            Assert.True(File.Exists(path), "the pre-trained encoder was not cached");
            var written = File.GetLastWriteTimeUtc(path);
            var second = PretrainedEncoders.ImageEncoder(world, Tiny, dir);
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));               // loaded, not trained and saved again
            Assert.True(SameOutputs(first, second));
            Assert.False(SameOutputs(first, new ImageEncoder(Tiny.Architecture)));   // and not just any encoder
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Pretraining_is_reproducible_for_a_seed()
    {
        var world = new SyntheticWorld(1);
        var (a, ha) = PretrainedEncoders.Pretrain(world, Tiny);
        var (b, hb) = PretrainedEncoders.Pretrain(world, Tiny);
        Assert.Equal(ha.Loss, hb.Loss);
        Assert.True(SameOutputs(a, b));
    }

    [Fact]
    public void Cache_key_depends_on_world_and_settings()
    {
        var dir = "/cache";
        var p = PretrainedEncoders.CachePath(new SyntheticWorld(1), Tiny, dir);
        Assert.Equal(p, PretrainedEncoders.CachePath(new SyntheticWorld(1), Tiny, dir));
        Assert.NotEqual(p, PretrainedEncoders.CachePath(new SyntheticWorld(2), Tiny, dir));
        Assert.NotEqual(p, PretrainedEncoders.CachePath(new SyntheticWorld(1), Tiny with { Steps = 4 }, dir));
        Assert.NotEqual(p, PretrainedEncoders.CachePath(new SyntheticWorld(1), Tiny with { Encoder = new ImageEncoderConfig() }, dir));
        Assert.StartsWith(Path.Combine(dir, "image-encoder-"), p);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("other-architecture")]
    public void A_damaged_or_mismatched_cache_file_is_replaced_by_training_again(string damage)
    {
        var dir = TempDir();
        try
        {
            var world = new SyntheticWorld(1);
            var path = PretrainedEncoders.CachePath(world, Tiny, dir);
            var (reference, _) = PretrainedEncoders.Pretrain(world, Tiny);
            reference.Save(path);
            switch (damage)
            {
                case "garbage": File.WriteAllBytes(path, [1, 2, 3]); break;
                case "truncated": var bytes = File.ReadAllBytes(path); File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]); break;
                default: new ImageEncoder(new ImageEncoderConfig(Width: 16, Groups: 4)).Save(path); break;
            }
            var output = new StringWriter();
            var original = Console.Out;
            Console.SetOut(output);
            ImageEncoder encoder;
            try { encoder = PretrainedEncoders.ImageEncoder(world, Tiny, dir); }
            finally { Console.SetOut(original); }
            Assert.Contains("cannot be used", output.ToString());
            Assert.True(SameOutputs(reference, encoder), "the retrained encoder differs from a fresh pre-training with the same seed");
            Assert.True(SameOutputs(reference, ImageEncoder.Load(path, Tiny.Architecture)), "the damaged file was not replaced");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void The_course_ships_the_encoder_for_the_default_world_and_loads_it_without_training()
    {
        // If this fails, the encoder, its pre-training or the scene settings changed: regenerate the shipped file with
        // `dotnet run -c Release --project lib/MultiModal.Benchmarks -- encoder` and commit data/models/.
        var world = new SyntheticWorld(1);
        var name = Path.GetFileName(PretrainedEncoders.CachePath(world));
        var shipped = Repo.Path("data", "models", name);
        Assert.True(File.Exists(shipped), $"data/models/{name} is missing; shipped: {string.Join(", ", Directory.GetFiles(Repo.Path("data", "models")).Select(Path.GetFileName))}");
        Assert.Equal(Repo.Path("data", "models"), PretrainedEncoders.ShippedFolder);
        var canonical = new SyntheticWorld(1, new WorldConfig { Scenes = new SceneConfig { CaptionStyle = CaptionStyle.Canonical } });
        Assert.Equal(name, Path.GetFileName(PretrainedEncoders.CachePath(canonical)));   // captions do not change the images
        // With an empty cache the shipped file is loaded (no pre-training, nothing written to the cache).
        using var cache = new TempCache();
        var console = Console.Out;
        try
        {
            var output = new StringWriter();
            Console.SetOut(output);
            var encoder = PretrainedEncoders.ImageEncoder(canonical);
            Console.SetOut(console);
            Assert.Contains("shipped with the course", output.ToString());
            Assert.Empty(Directory.GetFiles(cache.Folder));
            var again = ImageEncoder.Load(shipped);
            Assert.All(encoder.parameters().Zip(again.parameters()), p => Assert.True(p.First.eq(p.Second).all().item<bool>()));
        }
        finally
        {
            Console.SetOut(console);
        }
    }

    [Fact]
    public void Bad_settings_get_clear_errors()
    {
        var world = new SyntheticWorld(1);
        Assert.Contains("Steps", Assert.Throws<ArgumentException>(() => PretrainedEncoders.ImageEncoder(world, Tiny with { Steps = 0 }, "/nonexistent")).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => PretrainedEncoders.Pretrain(world, Tiny with { LearningRate = -1 })).Message);
    }

    [Fact]
    public void Cell_labels_are_the_covered_fractions_of_each_grid_cell()
    {
        // One large red circle on grass; the expected fractions come from an independent count of its pixels per cell.
        var world = new SyntheticWorld(1);
        var frame = SceneRenderer.Render(world.Scenes.Compose(Place.Grass, [(ObjectShape.Circle, ObjectColor.Red, ObjectSize.Large)]));
        var y = PretrainedEncoders.CellLabels(frame, 8);
        var names = PretrainedEncoders.LabelNames.ToList();
        Assert.Equal(64 * names.Count, y.Length);
        float Label(int cell, string name) => y[cell * names.Count + names.IndexOf(name)];
        for (var cell = 0; cell < 64; cell++)
        {
            var (r, c) = (cell / 8, cell % 8);
            var inside = 0;
            for (var yy = r * 8; yy < r * 8 + 8; yy++) for (var xx = c * 8; xx < c * 8 + 8; xx++) inside += frame.Instances[yy * 64 + xx] == 1 ? 1 : 0;
            Assert.Equal(inside / 64f, Label(cell, "object"), 5);
            Assert.Equal(inside / 64f, Label(cell, "red"), 5);
            Assert.Equal(inside / 64f, Label(cell, "circle"), 5);
            Assert.Equal(inside / 64f, Label(cell, "large"), 5);
            Assert.Equal(0f, Label(cell, "blue"));
            Assert.Equal(1 - inside / 64f, Label(cell, "grass"), 5);      // the rest of the cell is the place
        }
        Assert.True(Enumerable.Range(0, 64).Max(cell => Label(cell, "object")) > 0.5f, "no cell is mostly covered by the large circle");
    }

    [Fact]
    public void Encoded_scenes_are_cached_on_disk_and_batches_have_the_documented_shapes()
    {
        var dir = TempDir();
        try
        {
            var world = new SyntheticWorld(1);
            CaptionTestData.Seed(5);
            var encoder = CaptionTestData.SmallEncoder();
            var file = Path.Combine(dir, "features.bin");
            using var first = EncodedScenes.Encode(world, encoder, Split.Test, 6, chunk: 4, cacheFile: file);
            Assert.True(File.Exists(file));
            Assert.Equal(new long[] { 6, 32, 8, 8 }, first.Features.shape);
            using var second = EncodedScenes.Encode(world, CaptionTestData.SmallEncoder(), Split.Test, 6, cacheFile: file); // other weights: the file wins
            Assert.True(first.Features.allclose(second.Features));
            using (var images = Batches.Images(world.Samples(Split.Test, 0, 6).Select(s => s.Frame).ToArray()))
                Assert.True(first.Features.allclose(encoder.forward(images), rtol: 1e-4, atol: 1e-5));
            using var scope = NewDisposeScope();
            var (features, tokens) = first.Batch(new Random(1), 5);
            Assert.Equal(new long[] { 5, 32, 8, 8 }, features.shape);
            Assert.Equal(5, tokens.shape[0]);
            Assert.True(tokens[.., 0].eq(Vocabulary.StartId).all().item<bool>());
            using var wrongShape = EncodedScenes.Encode(world, encoder, Split.Test, 3, cacheFile: file);   // 3 ≠ 6 scenes: re-encoded
            Assert.Equal(3, wrongShape.Features.shape[0]);
        }
        finally { Directory.Delete(dir, true); }
    }
}
