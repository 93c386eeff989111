using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using Xunit;
using static TorchSharp.torch;

namespace MultiModal.Tests.Mechanics;

/// <summary>
/// Data that enters training lives in libtorch's 64-byte-aligned memory, never in a pinned .NET array whose address
/// differs from process to process (<see cref="OwnedTensors"/>).
/// </summary>
public class OwnedTensorsTests
{
    private static long Misalignment(Tensor t) => (long)t.storage<float>().data_ptr() % OwnedTensors.Alignment;

    [Fact]
    public void FromFloats_copies_the_values_into_aligned_memory_the_array_no_longer_touches()
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, 24).Select(i => i * 0.5f - 3).ToArray();
        var t = OwnedTensors.FromFloats(values, [2, 3, 4]);
        Assert.Equal([2L, 3, 4], t.shape);
        Assert.Equal(float32, t.dtype);
        Assert.Equal(values, t.ToFloats());
        Assert.Equal(0, Misalignment(t));
        values[5] = 1000;                                                     // the tensor holds a copy
        Assert.Equal(-0.5f, t.flatten()[5].item<float>());
    }

    [Fact]
    public void FromFloats_names_a_shape_that_does_not_hold_the_array()
    {
        var e = Assert.Throws<ArgumentException>(() => OwnedTensors.FromFloats(new float[5], [2, 3]));
        Assert.Contains("holds 6 values; the array has 5", e.Message);
        Assert.Throws<ArgumentException>(() => OwnedTensors.FromFloats(new float[0], [2, -1]));
    }

    [Fact]
    public void Images_waveforms_masks_and_cached_features_are_all_aligned()
    {
        // A pinned .NET array is 64-byte aligned by chance about one time in eight; eight of each kind all aligned
        // by chance would be one in 8^8.
        using var scope = NewDisposeScope();
        var world = new SyntheticWorld(seed: 3);
        var scenes = Enumerable.Range(0, 8).Select(i => world.Sample(Split.Train, i).Frame).ToArray();
        var clips = Enumerable.Range(0, 8).Select(i => world.Clip(Split.Train, i)).ToArray();
        var dir = Directory.CreateTempSubdirectory("mm-owned-").FullName;
        try
        {
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal(0, Misalignment(scenes[i].ToTensor()));
                Assert.Equal(0, Misalignment(scenes[i].MasksTensor()));
                Assert.Equal(0, Misalignment(Batches.Images(scenes[..(i + 1)])));
                Assert.Equal(0, Misalignment(Batches.Masks(scenes[..(i + 1)])));
                Assert.Equal(0, Misalignment(Batches.Waveforms(clips[..(i + 1)].Select(c => c.Audio).ToArray())));
                Assert.Equal(0, Misalignment(Batches.SoundingMasks(clips[..(i + 1)])));
                var path = Path.Combine(dir, $"f{i}.bin");
                FeatureCache.Write(path, rand(i + 1, 5));
                var read = FeatureCache.Read(path, [i + 1, 5]);
                Assert.NotNull(read);
                Assert.Equal(0, Misalignment(read));
            }
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
