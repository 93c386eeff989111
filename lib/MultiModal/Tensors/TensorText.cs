using static TorchSharp.torch;

namespace MultiModal.Tensors;

/// <summary>
/// A tensor's shape as people read it, the one spelling every message and notebook line uses: <c>[8, 64]</c> in
/// error messages, <c>8×64</c> in prose.
/// </summary>
public static class TensorText
{
    /// <summary>The shape in brackets, e.g. <c>[8, 64]</c> (<c>[]</c> for a scalar) — the form of error messages.</summary>
    public static string ShapeText(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return ShapeText(tensor.shape);
    }

    /// <summary>A shape in brackets, e.g. <c>[8, 64]</c>.</summary>
    public static string ShapeText(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return $"[{string.Join(", ", shape)}]";
    }

    /// <summary>The shape with multiplication signs, e.g. <c>1×128×8×8</c> (<c>scalar</c> for a scalar) — the form of notebook prose.</summary>
    public static string Dims(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.dim() == 0 ? "scalar" : string.Join("×", tensor.shape);
    }
}
