using MultiModal.Training;
using MultiModal.World;
using static TorchSharp.torch;

namespace MultiModal.Models.Encoders;

/// <summary>
/// Scenes of a split run once through a frozen <see cref="ImageEncoder"/>: the feature maps every task that starts
/// from the pre-trained encoder trains on (captioning, tagging, VQA, …), encoded in chunks inside an
/// <see cref="EvalScope"/> and cached on disk (<see cref="FeatureCache"/>) under a name that identifies the world's
/// images and the encoder's weights, so the next notebook reads them back in a second.
/// </summary>
public static class SceneFeatures
{
    // Part of every feature cache name: raise it when scene generation or rendering changes, so old features are not
    // paired with new scenes.
    private const int FormatVersion = 1;

    /// <summary>
    /// Renders scenes <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of
    /// <paramref name="split"/> and encodes them <paramref name="chunk"/> images at a time (evaluation mode, no gradients),
    /// reading them from <paramref name="cacheFile"/> when it holds features of the right shape and writing them there
    /// otherwise (null: no cache).
    /// </summary>
    /// <returns>The scenes and their feature maps (count, encoderDim, gridSize, gridSize).</returns>
    public static (SceneSample[] Samples, Tensor Features) Encode(SyntheticWorld world, ImageEncoder encoder, Split split, int count,
        int start = 0, int chunk = 100, string? cacheFile = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Encode at least one scene.");
        if (chunk < 1) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "chunk must be at least 1.");
        var samples = world.Samples(split, start, count).ToArray();
        long[] shape = [count, encoder.EncoderDim, encoder.GridSize, encoder.GridSize];
        var features = FeatureCache.GetOrCompute(cacheFile, shape, () =>
            EncodeInChunks(encoder, samples.Length, chunk, (from, to) => Batches.Images(samples[from..to].Select(s => s.Frame).ToArray())));
        return (samples, features);                                                                                                 // features (count, encoderDim, g, g)
    }

    /// <summary>
    /// Runs <paramref name="encoder"/> over <paramref name="count"/> images, <paramref name="chunk"/> at a time, inside an
    /// <see cref="EvalScope"/>: <paramref name="images"/>(from, to) makes the batch of images from … to − 1, (to − from, 3,
    /// size, size); <paramref name="reduce"/> (e.g. <see cref="ImageEncoder.Pool"/>) shrinks each chunk's feature maps before
    /// they are kept. Returns the chunks' results concatenated along dim 0.
    /// </summary>
    public static Tensor EncodeInChunks(ImageEncoder encoder, int count, int chunk, Func<int, int, Tensor> images, Func<Tensor, Tensor>? reduce = null)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(images);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Encode at least one image.");
        if (chunk < 1) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "chunk must be at least 1.");
        var parts = new List<Tensor>();
        using (EvalScope.Of(encoder))
            for (var i = 0; i < count; i += chunk)
            {
                using var batch = images(i, Math.Min(count, i + chunk));                                  // (chunk, 3, size, size)
                var maps = encoder.forward(batch);                                                       // (chunk, encoderDim, g, g)
                parts.Add(reduce is null ? maps : reduce(maps));                                          // (chunk, …)
            }
        var all = cat(parts, 0);                                                                          // (count, …)
        foreach (var p in parts) p.Dispose();
        return all;
    }

    /// <summary>
    /// The cache file for these scenes and this encoder in <see cref="CacheFolder"/>: named after the world (its seed and
    /// <see cref="SceneConfig.ImageKey"/> — the caption style does not change the images), the split and range, and a
    /// <see cref="FeatureCache.Fingerprint"/> of the encoder's weights, so a different encoder never reuses old features.
    /// </summary>
    public static string CachePath(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(world);
        return CachePath("features", $"{FormatVersion}|{world.Seed}|{world.Config.Scenes.ImageKey()}", encoder, split, count, start);
    }

    /// <summary>
    /// A feature cache file in <see cref="CacheFolder"/>: <c>&lt;kind&gt;-&lt;encoder fingerprint&gt;-world-&lt;hash of
    /// <paramref name="imagesKey"/>&gt;-&lt;split&gt;-&lt;start&gt;-&lt;count&gt;.bin</c>. <paramref name="imagesKey"/> must name everything
    /// that decides the images (seed, settings, a format version).
    /// </summary>
    public static string CachePath(string kind, string imagesKey, ImageEncoder encoder, Split split, int count, int start = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(imagesKey);
        ArgumentNullException.ThrowIfNull(encoder);
        var key = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(imagesKey)))[..12].ToLowerInvariant();
        return Path.Combine(CacheFolder.Path, $"{kind}-{FeatureCache.Fingerprint(encoder)}-world-{key}-{Splits.Name(split)}-{start}-{count}.bin");
    }
}
