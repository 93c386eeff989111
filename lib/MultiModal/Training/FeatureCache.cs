using System.Runtime.InteropServices;
using System.Security.Cryptography;
using static TorchSharp.torch;
using MultiModal.Tensors;

namespace MultiModal.Training;

/// <summary>
/// Features computed once by a frozen network and kept on disk, so a notebook that trains on them does not run the
/// same network over the same inputs every time (on a 2-core CPU the frozen encoder is the expensive part). A file
/// holds one float32 tensor: magic <c>MMFEAT1</c>, rank, dims (int64), then the values row-major. A file of another
/// shape, a truncated or foreign file is never used: it is computed again and overwritten.
/// <code>
/// var features = FeatureCache.GetOrCompute(path, [count, 128, 8, 8], () => encoder.forward(images));
/// </code>
/// </summary>
public static class FeatureCache
{
    private const string Magic = "MMFEAT1";

    /// <summary>
    /// The tensor stored at <paramref name="path"/> when it has exactly <paramref name="shape"/>; otherwise
    /// <paramref name="compute"/>'s result, written to <paramref name="path"/> for next time (a folder that cannot be
    /// written is reported in one line and the features are still returned). A null path computes without caching.
    /// </summary>
    public static Tensor GetOrCompute(string? path, long[] shape, Func<Tensor> compute)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(compute);
        if (path is not null && File.Exists(path))
        {
            if (Read(path, shape) is { } cached) return cached;
            Console.WriteLine($"the cached features at {path} do not fit (expected shape {TensorText.ShapeText(shape)}); computing them again.");
        }
        var features = compute();
        if (!features.shape.SequenceEqual(shape))
            throw new InvalidOperationException($"The features computed for the cache have shape {features.ShapeText()}, expected {TensorText.ShapeText(shape)}.");
        if (path is not null)
        {
            try { Write(path, features); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Console.WriteLine($"could not cache the features at {path}: {e.Message}"); }
        }
        return features;
    }

    /// <summary>Writes <paramref name="features"/> (converted to float32) to <paramref name="path"/>, atomically (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, Tensor features)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(features);
        float[] values;
        using (NewDisposeScope()) values = features.ToFloats();                  // any float32 / CPU copy is freed here
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(features.dim());
            foreach (var d in features.shape) writer.Write(d);
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        });
    }

    /// <summary>The tensor stored at <paramref name="path"/>, or null when the file is missing, not a feature file, or not of exactly <paramref name="shape"/>.</summary>
    public static Tensor? Read(string path, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic || reader.ReadInt64() != shape.Length) return null;
            foreach (var d in shape) if (reader.ReadInt64() != d) return null;
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (reader.BaseStream.Length - reader.BaseStream.Position != count * sizeof(float)) return null;
            var values = new float[count];
            reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
            return OwnedTensors.FromFloats(values, shape);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or FormatException or System.Text.DecoderFallbackException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>
    /// A short hexadecimal fingerprint of a module's weights (SHA-256 over every parameter and buffer, in order), for
    /// cache names that change whenever the network that computed the features changes.
    /// </summary>
    public static string Fingerprint(TorchSharp.torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var scope = NewDisposeScope();
        foreach (var (name, value) in module.state_dict())
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            sha.AppendData(MemoryMarshal.AsBytes(value.ToFloats().AsSpan()));
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
    }
}
