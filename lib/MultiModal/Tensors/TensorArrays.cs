using static TorchSharp.torch;

namespace MultiModal.Tensors;

/// <summary>
/// A tensor's values as a managed array, for plots, tables and hand computations: copied out (the array owns its
/// memory, so it stays valid after the tensor is disposed), detached, contiguous and flattened in row-major order.
/// </summary>
public static class TensorArrays
{
    /// <summary>Every value as a <c>double</c>, row-major (e.g. a waveform for a line chart).</summary>
    public static double[] ToDoubles(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to(float64).contiguous().flatten().data<double>().ToArray();
    }

    /// <summary>Every value as a <c>float</c>, row-major.</summary>
    public static float[] ToFloats(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to(float32).contiguous().flatten().data<float>().ToArray();
    }
}
