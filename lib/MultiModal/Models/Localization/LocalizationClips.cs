using MultiModal.Models.Encoders;
using MultiModal.World;
using static TorchSharp.torch;

namespace MultiModal.Models.Localization;

/// <summary>
/// Clips of a split ready for sound-source localisation: the frozen encoder's feature map of every frame (the same
/// images as the split's scenes, so the shared feature cache of <see cref="SceneFeatures"/> serves them), the log-mel
/// spectrogram of every soundtrack (<see cref="AudioEncoder.LogMel"/>) and the sounding objects' masks — the ground
/// truth that training never sees and evaluation scores against.
/// </summary>
public sealed class LocalizationClips : IDisposable
{
    private LocalizationClips(VideoClip[] clips, Tensor features, Tensor logMels, Tensor masks)
    {
        Clips = clips;
        Features = features;
        LogMels = logMels;
        Masks = masks;
    }

    /// <summary>The clips, in index order.</summary>
    public IReadOnlyList<VideoClip> Clips { get; }

    /// <summary>(clips, encoderDim, g, g) float32: the frozen encoder's feature maps of the frames.</summary>
    public Tensor Features { get; }

    /// <summary>(clips, 64, frames) float32: log-mel spectrograms of the soundtracks, in dB.</summary>
    public Tensor LogMels { get; }

    /// <summary>(clips, size, size) float32 0/1: where the sound comes from (the sounding objects' pixels).</summary>
    public Tensor Masks { get; }

    /// <summary>Number of clips.</summary>
    public int Count => Clips.Count;

    /// <summary>
    /// Clips <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 of <paramref name="split"/>,
    /// their frames encoded by <paramref name="encoder"/> (read from the shared feature cache when it holds them).
    /// </summary>
    public static LocalizationClips Cached(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Load at least one clip.");
        var clips = world.Clips(split, start, count).ToArray();
        var (_, features) = SceneFeatures.Encode(world, encoder, split, count, start,
            cacheFile: SceneFeatures.CachePath(world, encoder, split, count, start));                // (count, encoderDim, g, g)
        var parts = new List<Tensor>();
        for (var i = 0; i < count; i += 200)
        {
            using var waves = Batches.Waveforms(clips[i..Math.Min(count, i + 200)].Select(c => c.Audio).ToArray()); // (chunk, time)
            parts.Add(AudioEncoder.LogMel(waves));                                                   // (chunk, 64, frames)
        }
        var logMels = cat(parts, 0);                                                                 // (count, 64, frames)
        foreach (var p in parts) p.Dispose();
        var masks = Batches.SoundingMasks(clips);                                                   // (count, size, size)
        return new LocalizationClips(clips, features, logMels, masks);
    }

    /// <summary>The rows <paramref name="rows"/>: features (n, encoderDim, g, g), log-mels (n, 64, frames), masks (n, size, size).</summary>
    public (Tensor Features, Tensor LogMels, Tensor Masks) Take(long[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var index = tensor(rows);                                                              // (n)
        return (Features.index_select(0, index), LogMels.index_select(0, index), Masks.index_select(0, index));
    }

    /// <summary>A random batch of <paramref name="size"/> different clips drawn with <paramref name="rng"/>.</summary>
    public (Tensor Features, Tensor LogMels, Tensor Masks) Batch(Random rng, int size)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (size < 1 || size > Count) throw new ArgumentOutOfRangeException(nameof(size), size, $"a batch holds 1 … {Count} different clips.");
        var rows = Enumerable.Range(0, Count).Select(i => (long)i).ToArray();
        rng.Shuffle(rows);
        return Take(rows[..size]);
    }

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        LogMels.Dispose();
        Masks.Dispose();
    }
}
