using static TorchSharp.torch;

namespace MultiModal.Tensors;

/// <summary>
/// Principal component analysis for pictures of embedding spaces: centre the points, take the singular value
/// decomposition X − mean = U S Vᵀ, and project onto the first components (the directions of largest variance). Signs are
/// fixed (each component's largest loading is positive), so the same points always give the same picture.
/// </summary>
public static class Pca
{
    /// <summary>Projects (n, d) points onto their first <paramref name="components"/> principal directions: (n, components) float32.</summary>
    public static Tensor Project(Tensor points, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.dim() != 2 || points.shape[0] < 2)
            throw new ArgumentException($"expected at least two points of shape [n, d], got {points.ShapeText()}.", nameof(points));
        if (components < 1 || components > Math.Min(points.shape[0], points.shape[1]))
            throw new ArgumentOutOfRangeException(nameof(components), components, $"between 1 and min(n, d) = {Math.Min(points.shape[0], points.shape[1])} components.");
        using var scope = NewDisposeScope();
        var x = points.detach().to(float64);                                     // (n, d)
        var centred = x - x.mean([0L], keepdim: true);                            // (n, d)
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);                 // vh (min(n, d), d): principal directions as rows
        var directions = vh[..components];                                        // (components, d)
        var biggest = directions.abs().argmax(1, keepdim: true);                   // (components, 1)
        var sign = directions.gather(1, biggest).sign();                          // (components, 1)
        directions = directions * sign;                                           // (components, d), largest loading > 0
        return centred.matmul(directions.T).to(float32).MoveToOuterDisposeScope(); // (n, components)
    }
}
