using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.World;

/// <summary>
/// Turns lists of world samples into TorchSharp tensors with documented shapes. Every method returns a new
/// tensor owned by the caller (dispose it, or create it inside a dispose scope).
/// </summary>
public static class Batches
{
    /// <summary>Images as float32 in [0, 1], shape [batch, 3, size, size].</summary>
    public static Tensor Images(IReadOnlyList<RenderedScene> scenes)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        if (scenes.Count == 0) throw new ArgumentException("Cannot batch zero scenes.", nameof(scenes));
        var size = scenes[0].Size;
        return Images(scenes.Select(s => s.Size == size ? s.Pixels
            : throw new ArgumentException($"All images of a batch must have one size: found {size} and {s.Size}.", nameof(scenes))).ToArray(), size, size);
    }

    /// <summary>RGB byte images (row-major [height, width, 3] each) as float32 in [0, 1], shape [batch, 3, height, width].</summary>
    public static Tensor Images(IReadOnlyList<byte[]> pixels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var n = height * width;
        var data = new float[pixels.Count * 3 * n];
        for (var b = 0; b < pixels.Count; b++)
        {
            if (pixels[b].Length != 3 * n)
                throw new ArgumentException($"Image {b} has {pixels[b].Length} bytes; a {height}×{width} RGB image has {3 * n}.", nameof(pixels));
            Array.Copy(Canvas.ToChw(pixels[b], width, height), 0, data, b * 3 * n, 3 * n);
        }
        return OwnedTensors.FromFloats(data, [pixels.Count, 3, height, width]);
    }

    /// <summary>
    /// Token sequences right-padded with <see cref="Vocabulary.PadId"/> into int64 [batch, maxLen]
    /// (<paramref name="maxLen"/> defaults to the longest; longer sequences are cut, keeping their last token).
    /// </summary>
    public static Tensor Tokens(IReadOnlyList<int[]> sequences, int? maxLen = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (maxLen is < 1) throw new ArgumentOutOfRangeException(nameof(maxLen), maxLen, "maxLen must be at least 1.");
        var len = maxLen ?? Math.Max(1, sequences.Count == 0 ? 1 : sequences.Max(s => s.Length));
        var data = new long[sequences.Count * len];
        for (var b = 0; b < sequences.Count; b++)
        {
            var s = sequences[b];
            var n = Math.Min(len, s.Length);
            for (var t = 0; t < n; t++) data[b * len + t] = s[t];
            if (s.Length > len) data[b * len + len - 1] = s[^1];
        }
        return tensor(data, [sequences.Count, len]);
    }

    /// <summary>Sequence lengths (capped at <paramref name="maxLen"/> when given) as int64 [batch].</summary>
    public static Tensor Lengths(IReadOnlyList<int[]> sequences, int? maxLen = null) =>
        tensor(sequences.Select(s => (long)Math.Min(s.Length, maxLen ?? int.MaxValue)).ToArray(), [sequences.Count]);

    /// <summary>Waveforms zero-padded (or cut) to <paramref name="length"/> samples (default: the longest), float32 [batch, time].</summary>
    public static Tensor Waveforms(IReadOnlyList<float[]> waves, int? length = null)
    {
        ArgumentNullException.ThrowIfNull(waves);
        if (length is < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "length must be at least 1 sample.");
        var len = length ?? Math.Max(1, waves.Count == 0 ? 1 : waves.Max(w => w.Length));
        var data = new float[waves.Count * len];
        for (var b = 0; b < waves.Count; b++) Array.Copy(waves[b], 0, data, b * len, Math.Min(len, waves[b].Length));
        return OwnedTensors.FromFloats(data, [waves.Count, len]);
    }

    /// <summary>Class labels as int64 [batch].</summary>
    public static Tensor Labels(IReadOnlyList<int> labels) => tensor(labels.Select(l => (long)l).ToArray(), [labels.Count]);

    /// <summary>Equal-length float vectors (multi-hot tags, latent factors …) as float32 [batch, features].</summary>
    public static Tensor Vectors(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var f = rows.Count == 0 ? 0 : rows[0].Length;
        var data = new float[rows.Count * f];
        for (var b = 0; b < rows.Count; b++)
        {
            if (rows[b].Length != f) throw new ArgumentException($"Row {b} has {rows[b].Length} values; row 0 has {f}.", nameof(rows));
            Array.Copy(rows[b], 0, data, b * f, f);
        }
        return OwnedTensors.FromFloats(data, [rows.Count, f]);
    }

    /// <summary>
    /// Object masks as float32 0/1 of shape [batch, maxObjects, size, size]; slots beyond a scene's objects are
    /// all zero (<paramref name="maxObjects"/> defaults to the most objects in the batch).
    /// </summary>
    public static Tensor Masks(IReadOnlyList<RenderedScene> scenes, int? maxObjects = null)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        if (scenes.Count == 0) throw new ArgumentException("Cannot batch zero scenes.", nameof(scenes));
        var k = maxObjects ?? scenes.Max(s => s.Scene.Objects.Count);
        var size = scenes[0].Size;
        var n = size * size;
        var data = new float[scenes.Count * k * n];
        for (var b = 0; b < scenes.Count; b++)
            for (var i = 0; i < n; i++)
            {
                var id = scenes[b].Instances[i];
                if (id > 0 && id <= k) data[(b * k + id - 1) * n + i] = 1f;
            }
        return OwnedTensors.FromFloats(data, [scenes.Count, k, size, size]);
    }

    /// <summary>Where each clip's sound comes from (<see cref="VideoClip.SoundingMask"/>) as float32 0/1 of shape [batch, size, size].</summary>
    public static Tensor SoundingMasks(IReadOnlyList<VideoClip> clips)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0) throw new ArgumentException("Cannot batch zero clips.", nameof(clips));
        var size = clips[0].Frame.Size;
        return OwnedTensors.FromFloats(clips.SelectMany(c => c.SoundingMask().Select(b => b ? 1f : 0f)).ToArray(), [clips.Count, size, size]);
    }
}
