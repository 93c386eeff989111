using static TorchSharp.torch;

namespace MultiModal.Tensors;

/// <summary>
/// Float tensors made from managed arrays whose memory libtorch owns. <c>torch.tensor(float[])</c> pins a copy of the
/// array in the .NET heap and uses it as the tensor's storage: its address is 8-byte aligned and lands differently in
/// every process, while libtorch's own allocator aligns every storage to 64 bytes. BLAS and convolution kernels may
/// take a different path for unaligned data (Intel's "conditional numerical reproducibility" asks for 64-byte
/// alignment), so the same numbers in differently aligned memory can round differently and two runs of one notebook
/// (a kernel and its exported app, a first run and a cached one) drift apart. Data that enters training — images,
/// waveforms, features, masks, cached features — is made here instead.
/// </summary>
public static class OwnedTensors
{
    /// <summary>Alignment of every storage libtorch's CPU allocator hands out, in bytes.</summary>
    public const int Alignment = 64;

    /// <summary>
    /// A float32 tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/> (row-major) in memory
    /// libtorch allocated; the array can be changed or dropped afterwards.
    /// </summary>
    public static Tensor FromFloats(float[] values, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = 1L;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"A shape has no negative sizes; got {TensorText.ShapeText(shape.ToArray())}.", nameof(shape));
            count *= d;
        }
        if (count != values.Length)
            throw new ArgumentException($"Shape {TensorText.ShapeText(shape.ToArray())} holds {count} values; the array has {values.Length}.", nameof(values));
        using var pinned = tensor(values, shape.ToArray());           // (..shape) in the .NET heap
        return pinned.clone();                                         // (..shape) in libtorch's aligned memory
    }
}
