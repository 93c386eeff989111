namespace MultiModal.World;

/// <summary>An axis-aligned box in pixels, both corners inclusive: columns <see cref="X0"/>..<see cref="X1"/>, rows <see cref="Y0"/>..<see cref="Y1"/>.</summary>
/// <param name="X0">Leftmost column.</param>
/// <param name="Y0">Top row.</param>
/// <param name="X1">Rightmost column (inclusive).</param>
/// <param name="Y1">Bottom row (inclusive).</param>
public readonly record struct BoundingBox(int X0, int Y0, int X1, int Y1)
{
    /// <summary>Width in pixels.</summary>
    public int Width => X1 - X0 + 1;
    /// <summary>Height in pixels.</summary>
    public int Height => Y1 - Y0 + 1;
    /// <inheritdoc />
    public override string ToString() => $"[{X0},{Y0}]–[{X1},{Y1}]";
}

/// <summary>
/// One object of a scene, the ground truth everything else is derived from. Positions are in pixels with the
/// origin at the top-left corner, x to the right, y downwards; the centre lies on a pixel centre (n + 0.5).
/// </summary>
/// <param name="Index">Position in <see cref="Scene.Objects"/>; the object's pixels carry <c>Index + 1</c> in <see cref="RenderedScene.Instances"/>.</param>
/// <param name="Shape">Shape.</param>
/// <param name="Color">Colour.</param>
/// <param name="Size">Size class.</param>
/// <param name="X">Centre column in pixels.</param>
/// <param name="Y">Centre row in pixels.</param>
/// <param name="Radius">Radius in pixels (from the size class).</param>
/// <param name="Box">Tight box around the object's pixels.</param>
public sealed record SceneObject(int Index, ObjectShape Shape, ObjectColor Color, ObjectSize Size, double X, double Y, int Radius, BoundingBox Box)
{
    /// <summary>"small red circle".</summary>
    public string Description => $"{Attributes.Word(Size)} {Attributes.Word(Color)} {Attributes.Word(Shape)}";

    /// <summary>Euclidean distance between the centres of two objects, in pixels.</summary>
    public double DistanceTo(SceneObject other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));

    /// <inheritdoc />
    public override string ToString() => $"#{Index} {Description} at ({X:F1}, {Y:F1}) box {Box}";
}
