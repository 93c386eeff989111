using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Models.Decoding;
using MultiModal.Models.Encoders;

namespace MultiModal.Models.Captioning;

/// <summary>
/// Scenes of a split run once through a frozen <see cref="ImageEncoder"/>, kept with all their captions, so a
/// captioning model trains on the cached feature maps instead of re-encoding the same images every step (the
/// encoder is by far the most expensive part on a CPU).
/// <code>
/// var data = EncodedScenes.Encode(world, encoder, Split.Train, count: 2000);
/// var (features, tokens) = data.Batch(rng, 32);   // (32, 128, 8, 8), (32, maxLen)
/// </code>
/// </summary>
public sealed class EncodedScenes : IDisposable
{
    private EncodedScenes(SceneSample[] samples, Tensor features, int[][][] captionIds)
    {
        Samples = samples;
        Features = features;
        CaptionIds = captionIds;
    }

    /// <summary>The scenes, in index order.</summary>
    public IReadOnlyList<SceneSample> Samples { get; }

    /// <summary>(count, encoderDim, gridSize, gridSize) float32 feature maps, without gradients.</summary>
    public Tensor Features { get; }

    /// <summary>Every caption of every scene as token ids (&lt;start&gt; … &lt;end&gt;, <see cref="Vocabulary.Captions"/>).</summary>
    public IReadOnlyList<int[][]> CaptionIds { get; }

    /// <summary>Number of scenes.</summary>
    public int Count => Samples.Count;

    /// <summary>
    /// Renders scenes <paramref name="start"/> … of <paramref name="split"/> and encodes them in chunks of
    /// <paramref name="chunk"/> images (no gradients). With <paramref name="cacheFile"/>, the features are read from that
    /// file when it holds a tensor of the right shape, and written to it otherwise (encoding thousands of images takes
    /// tens of seconds on a busy 2-core machine). Use a name that identifies the encoder, e.g. from
    /// <see cref="PretrainedEncoders.FeatureCachePath"/>.
    /// </summary>
    public static EncodedScenes Encode(SyntheticWorld world, ImageEncoder encoder, Split split, int count, int start = 0, int chunk = 100, string? cacheFile = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(encoder);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Encode at least one scene.");
        if (chunk < 1) throw new ArgumentOutOfRangeException(nameof(chunk), chunk, "chunk must be at least 1.");
        var samples = world.Samples(split, start, count).ToArray();
        var ids = samples.Select(s => s.Captions.Select(c => Vocabulary.Captions.Encode(c)).ToArray()).ToArray();
        long[] shape = [count, encoder.EncoderDim, encoder.GridSize, encoder.GridSize];
        if (cacheFile is not null && File.Exists(cacheFile))
        {
            if (ReadFeatures(cacheFile, shape) is { } cached) return new EncodedScenes(samples, cached, ids);
            Console.WriteLine($"the cached features at {cacheFile} do not fit; encoding again.");
        }
        var parts = new List<Tensor>();
        var wasTraining = encoder.training;
        encoder.eval();
        using (no_grad())
            for (var i = 0; i < samples.Length; i += chunk)
            {
                using var images = Batches.Images(samples[i..Math.Min(samples.Length, i + chunk)].Select(s => s.Frame).ToArray()); // (chunk, 3, 64, 64)
                parts.Add(encoder.forward(images));                                                                             // (chunk, encoderDim, g, g)
            }
        if (wasTraining) encoder.train();
        var features = cat(parts, 0);                                                                                           // (count, encoderDim, g, g)
        foreach (var p in parts) p.Dispose();
        if (cacheFile is not null)
        {
            try
            {
                WriteFeatures(cacheFile, features);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Console.WriteLine($"could not cache the features at {cacheFile}: {e.Message}"); }
        }
        return new EncodedScenes(samples, features, ids);
    }

    private const string Magic = "MMFEAT1";

    // Layout: magic, rank, dims (int64), then the float32 values in row-major order.
    private static void WriteFeatures(string path, Tensor features)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(tmp)))
        {
            writer.Write(Magic);
            writer.Write(features.dim());
            foreach (var d in features.shape) writer.Write(d);
            var values = features.contiguous().data<float>().ToArray();
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        }
        File.Move(tmp, path, overwrite: true);
    }

    // The cached features, or null when the file is not a feature file of exactly this shape.
    private static Tensor? ReadFeatures(string path, long[] shape)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic || reader.ReadInt64() != shape.Length) return null;
            foreach (var d in shape) if (reader.ReadInt64() != d) return null;
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (reader.BaseStream.Length - reader.BaseStream.Position != count * sizeof(float)) return null;
            var values = new float[count];
            reader.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            return tensor(values, shape);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or System.Text.DecoderFallbackException) { return null; }
    }

    /// <summary>
    /// A random training batch: <paramref name="batchSize"/> scenes drawn with <paramref name="rng"/>, each with one of
    /// its captions drawn at random. Returns features (batch, encoderDim, g, g) and padded tokens (batch, maxLen).
    /// </summary>
    public (Tensor Features, Tensor Tokens) Batch(Random rng, int batchSize)
    {
        var (rows, choices) = Draw(rng, batchSize);
        var index = tensor(rows.Select(r => (long)r).ToArray());                         // (batch)
        return (Features.index_select(0, index), Batches.Tokens(rows.Select((r, i) => CaptionIds[r][choices[i]]).ToArray())); // (batch, encoderDim, g, g), (batch, maxLen)
    }

    /// <summary>
    /// <see cref="Batch"/> plus the ground-truth attention of every predicted word, for supervised attention
    /// (<see cref="ShowAttendTell.AttentionSupervision"/>): (batch, maxLen − 1, gridSize²), where row t is the
    /// <see cref="CaptionGrounding.ObjectCells"/> of the object that token t+1 names, or all zeros when it names
    /// none. The same <paramref name="rng"/> state draws the same scenes and captions as <see cref="Batch"/>.
    /// </summary>
    public (Tensor Features, Tensor Tokens, Tensor AttentionTargets) BatchWithAttentionTargets(Random rng, int batchSize)
    {
        var (rows, choices) = Draw(rng, batchSize);
        var captions = rows.Select((r, i) => CaptionIds[r][choices[i]]).ToArray();
        var grid = (int)Features.shape[2];
        var steps = captions.Max(c => c.Length) - 1;
        var targets = new float[batchSize * steps * grid * grid];
        for (var b = 0; b < batchSize; b++)
        {
            var perWord = AttentionTargets(rows[b], choices[b], grid);                    // one entry per token after <start>
            for (var t = 0; t < perWord.Length; t++)
                perWord[t]?.CopyTo(targets, (b * steps + t) * grid * grid);
        }
        var index = tensor(rows.Select(r => (long)r).ToArray());                         // (batch)
        return (Features.index_select(0, index), Batches.Tokens(captions),                // (batch, encoderDim, g, g), (batch, maxLen)
                tensor(targets, [batchSize, steps, grid * grid]));                       // (batch, maxLen − 1, g²)
    }

    private readonly Dictionary<(int Row, int Caption), float[]?[]> _attentionTargets = [];

    // Per token after <start> of caption (row, choice): the cells of the object it names, or null; computed once.
    private float[]?[] AttentionTargets(int row, int choice, int grid)
    {
        if (_attentionTargets.TryGetValue((row, choice), out var cached)) return cached;
        var words = CaptionIds[row][choice][1..].Select(id => Vocabulary.Captions[id]).ToArray(); // … <end>
        return _attentionTargets[(row, choice)] = CaptionGrounding.AttentionTargets(words, Samples[row].Frame, grid);
    }

    private (int[] Rows, int[] Choices) Draw(Random rng, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        var rows = Enumerable.Range(0, batchSize).Select(_ => rng.Next(Count)).ToArray();
        return (rows, rows.Select(r => rng.Next(CaptionIds[r].Length)).ToArray());
    }

    /// <summary>Frees the feature tensor.</summary>
    public void Dispose() => Features.Dispose();
}
