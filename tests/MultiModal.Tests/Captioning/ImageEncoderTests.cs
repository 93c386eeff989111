using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using MultiModal.Models.Encoders;
using MultiModal.Training;

namespace MultiModal.Tests.Captioning;

public class ImageEncoderTests
{
    [Fact]
    public void Default_encoder_keeps_an_8x8_map_of_128_dim_features_and_pools_to_one_vector()
    {
        CaptionTestData.Seed(1);
        using var scope = NewDisposeScope();
        var encoder = new ImageEncoder();
        Assert.Equal((8, 64, 128), (encoder.GridSize, encoder.NumPixels, encoder.EncoderDim));
        var map = encoder.forward(rand(2, 3, 64, 64));
        Assert.Equal(new long[] { 2, 128, 8, 8 }, map.shape);
        Assert.True(map.isfinite().all().item<bool>(), "the feature map has NaN/inf values (uninitialised normalisation?)");
        var pixels = ImageEncoder.ToPixels(map);
        Assert.Equal(new long[] { 2, 64, 128 }, pixels.shape);
        // pixel 8·r + c is grid cell (r, c): row-major flattening, as the attention maps assume.
        Assert.Equal(map[1, .., 3, 5].data<float>().ToArray(), pixels[1, 3 * 8 + 5].data<float>().ToArray());
        var pooled = encoder.EncodePooled(rand(2, 3, 64, 64));
        Assert.Equal(new long[] { 2, 128 }, pooled.shape);
    }

    [Theory]
    [InlineData(new long[] { 2, 1, 64, 64 }, "3 colour channels")]
    [InlineData(new long[] { 2, 64, 64, 3 }, "channels last")]
    [InlineData(new long[] { 2, 3, 32, 32 }, "64×64")]
    [InlineData(new long[] { 3, 64, 64 }, "unsqueeze(0)")]
    public void Wrong_image_shapes_get_a_message_naming_the_expected_shape(long[] shape, string hint)
    {
        using var scope = NewDisposeScope();
        var encoder = CaptionTestData.SmallEncoder();
        var e = Assert.ThrowsAny<ArgumentException>(() => encoder.forward(rand(shape)));
        Assert.Contains("[batch, 3, 64, 64]", e.Message);
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void Integer_images_are_rejected()
    {
        using var scope = NewDisposeScope();
        var e = Assert.ThrowsAny<ArgumentException>(() => CaptionTestData.SmallEncoder().forward(zeros(1, 3, 64, 64, dtype: uint8)));
        Assert.Contains("float", e.Message);
    }

    [Fact]
    public void Save_then_load_gives_the_same_encoder()
    {
        CaptionTestData.Seed(2);
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"mm-enc-{Guid.NewGuid():N}.bin");
        try
        {
            var encoder = CaptionTestData.SmallEncoder();
            encoder.Save(path);
            var loaded = ImageEncoder.Load(path, encoder.Config);
            Assert.Equal(encoder.Config, loaded.Config);
            var x = rand(2, 3, 64, 64);
            Assert.True(encoder.forward(x).allclose(loaded.forward(x)));
            var fresh = CaptionTestData.SmallEncoder();                 // different random weights
            Assert.False(encoder.forward(x).allclose(fresh.forward(x)));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Loading_reports_missing_corrupt_foreign_and_mismatched_files()
    {
        using var scope = NewDisposeScope();
        var dir = Directory.CreateTempSubdirectory("mm-enc-").FullName;
        try
        {
            var missing = Path.Combine(dir, "none.bin");
            var e1 = Assert.Throws<FileNotFoundException>(() => ImageEncoder.Load(missing));
            Assert.Contains("No checkpoint", e1.Message);

            var garbage = Path.Combine(dir, "garbage.bin");
            File.WriteAllBytes(garbage, [1, 2, 3, 4, 5]);
            Assert.Contains("not a MultiModal checkpoint", Assert.Throws<InvalidDataException>(() => ImageEncoder.Load(garbage)).Message);

            var plain = Path.Combine(dir, "plain.bin");
            CaptionTestData.SmallEncoder().save(plain);                  // TorchSharp's own format, no header
            Assert.Contains("not a MultiModal checkpoint", Assert.Throws<InvalidDataException>(() => ImageEncoder.Load(plain)).Message);

            var good = Path.Combine(dir, "good.bin");
            CaptionTestData.SmallEncoder().Save(good);
            var e2 = Assert.Throws<InvalidDataException>(() => ImageEncoder.Load(good, new ImageEncoderConfig()));
            Assert.Contains("different architecture", e2.Message);

            var truncated = Path.Combine(dir, "truncated.bin");
            var bytes = File.ReadAllBytes(good);
            File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
            Assert.Contains("Could not load the weights", Assert.Throws<InvalidDataException>(() => ImageEncoder.Load(truncated)).Message);

            // Weights of a different architecture behind a valid header: loading into the wrong module fails clearly.
            var e3 = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadInto(new ImageEncoder(), good, ImageEncoder.CheckpointKind));
            Assert.Contains("Could not load the weights", e3.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Pretraining_head_learns_a_simple_image_property()
    {
        // Label = "the left half is the bright half" (a spatial property; GroupNorm would hide a global brightness):
        // the encoder + head must learn it within a few dozen steps.
        CaptionTestData.Seed(3);
        using var scope = NewDisposeScope();
        var encoder = CaptionTestData.SmallEncoder();
        var head = new PretrainingHead(encoder, 1);
        var left = tensor(new float[] { 1, 0, 1, 0, 0, 1, 1, 0 });          // (8)
        var columns = arange(64).lt(32).to(float32);                        // (64): 1 on the left half
        var mask = (left.reshape(8, 1, 1, 1) * columns + (1 - left.reshape(8, 1, 1, 1)) * (1 - columns)); // (8, 1, 1, 64)
        var images = rand(8, 3, 64, 64) * 0.3 + mask.expand(8, 3, 64, 64) * 0.7; // (8, 3, 64, 64)
        var labels = left.unsqueeze(1);                                     // (8, 1)
        var optimizer = optim.Adam(head.parameters(), 1e-2);
        var history = Training.Trainer.Train(head, optimizer, _ => head.Loss(images, labels), new Training.TrainerConfig(Steps: 40, ShowProgress: false));
        Assert.True(history.Recent(5) < 0.4 * history.Loss[0], $"loss went from {history.Loss[0]:F3} to {history.Recent(5):F3}");
        Assert.Throws<ArgumentException>(() => head.Loss(images, zeros(8, 2)));
    }
}
