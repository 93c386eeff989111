namespace MultiModal.World;

/// <summary>
/// Generates scenes: seeded, deterministic and streaming. Scene <c>i</c> of a split depends only on
/// (seed, split, i), so <c>Generate(Split.Train, 123)</c> gives the same scene whether or not the first 122 were made,
/// and <see cref="Stream"/> never holds more than one scene.
/// <para>Sampling: the object count is uniform in [MinObjects, MaxObjects]; shape, colour, size and place are
/// uniform over the configured sets (so classes are balanced up to the held-out pairs, which are re-drawn in
/// train/val/test); positions are uniform with no two objects overlapping.</para>
/// <code>
/// var gen = new SceneGenerator(new SceneConfig(), seed: 1);
/// foreach (var scene in gen.Stream(Split.Train, count: 100)) Console.WriteLine(scene);
/// </code>
/// </summary>
public sealed class SceneGenerator
{
    private readonly ObjectShape[] _shapes;
    private readonly ObjectColor[] _colors;
    private readonly Place[] _places;
    private readonly HashSet<(ObjectColor, ObjectShape)> _heldOut;
    private readonly (ObjectColor Color, ObjectShape Shape)[] _heldOutList;

    /// <summary>A generator for <paramref name="config"/> (validated here) and world <paramref name="seed"/>.</summary>
    public SceneGenerator(SceneConfig config, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
        Seed = seed;
        _shapes = config.ShapeSet.ToArray();
        _colors = config.ColorSet.ToArray();
        _places = config.PlaceSet.ToArray();
        _heldOutList = config.HeldOutSet.ToArray();
        _heldOut = [.. _heldOutList];
    }

    /// <summary>The (validated) configuration.</summary>
    public SceneConfig Config { get; }
    /// <summary>The world seed.</summary>
    public int Seed { get; }

    /// <summary>True when the (colour, shape) pair is held out of train, val and test.</summary>
    public bool IsHeldOut(ObjectColor color, ObjectShape shape) => _heldOut.Contains((color, shape));

    /// <summary>Scenes <paramref name="start"/>, <paramref name="start"/>+1, … of a split, one at a time (endless when <paramref name="count"/> is null).</summary>
    public IEnumerable<Scene> Stream(Split split, long start = 0, long? count = null)
    {
        if (start < 0) throw new ArgumentOutOfRangeException(nameof(start), start, "start must be ≥ 0.");
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be ≥ 0 (or null for an endless stream).");
        for (var i = start; count is null || i < start + count; i++) yield return Generate(split, i);
    }

    /// <summary>Scene <paramref name="index"/> of <paramref name="split"/>.</summary>
    public Scene Generate(Split split, long index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), index, "index must be ≥ 0.");
        if (split == Split.HeldOut && _heldOutList.Length == 0)
            throw new InvalidOperationException("The held-out split is empty: SceneConfig.HeldOutPairs lists no pairs.");
        var seed = WorldRandom.Derive(Seed, "scene/" + Splits.Name(split), index);
        var rng = new WorldRandom(seed);
        var n = rng.Between(Config.MinObjects, Config.MaxObjects);
        var specs = new List<(ObjectShape, ObjectColor, ObjectSize)>(n);
        for (var k = 0; k < n; k++)
        {
            ObjectShape shape;
            ObjectColor color;
            if (split == Split.HeldOut && k == 0)
                (color, shape) = rng.Pick(_heldOutList);
            else
            {
                do { shape = rng.Pick(_shapes); color = rng.Pick(_colors); }
                while (split != Split.HeldOut && _heldOut.Contains((color, shape)));
            }
            specs.Add((shape, color, rng.Pick(Attributes.Sizes)));
        }
        rng.Shuffle(specs);
        return Arrange(split, index, seed, rng.Pick(_places), specs, rng);
    }

    /// <summary>
    /// A scene with exactly these objects on this place, at random non-overlapping positions chosen by
    /// <paramref name="variant"/> (useful for demonstrations such as embedding arithmetic: the same layout with
    /// one attribute changed). Held-out pairs are allowed here; the scene is labelled <see cref="Split.Test"/>.
    /// </summary>
    public Scene Compose(Place place, IReadOnlyList<(ObjectShape Shape, ObjectColor Color, ObjectSize Size)> objects, long variant = 0)
    {
        ArgumentNullException.ThrowIfNull(objects);
        if (objects.Count < 1 || objects.Count > Config.MaxObjects)
            throw new ArgumentException($"objects: a scene holds 1 to {Config.MaxObjects} objects (SceneConfig.MaxObjects), got {objects.Count}.", nameof(objects));
        var seed = WorldRandom.Derive(Seed, "compose", variant);
        return Arrange(Split.Test, variant, seed, place, objects, new WorldRandom(seed));
    }

    private Scene Arrange(Split split, long index, ulong seed, Place place, IReadOnlyList<(ObjectShape Shape, ObjectColor Color, ObjectSize Size)> specs, WorldRandom rng)
    {
        var size = Config.ImageSize;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var centres = new List<(double X, double Y, double Extent)>();
            var ok = true;
            foreach (var spec in specs)
            {
                var extent = SceneConfig.Extent(Config.Radius(spec.Size));
                var lo = (int)Math.Ceiling(extent);
                var placed = false;
                for (var tryPos = 0; tryPos < 100 && !placed; tryPos++)
                {
                    double x = rng.Between(lo, size - 1 - lo) + 0.5, y = rng.Between(lo, size - 1 - lo) + 0.5;
                    if (centres.All(c => Math.Sqrt((c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y)) >= c.Extent + extent + 2))
                    {
                        centres.Add((x, y, extent));
                        placed = true;
                    }
                }
                if (!placed) { ok = false; break; }
            }
            if (!ok) continue;
            var objects = new SceneObject[specs.Count];
            for (var i = 0; i < specs.Count; i++)
            {
                var (shape, color, sz) = specs[i];
                var r = Config.Radius(sz);
                int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
                ShapeGeometry.ForEachPixel(shape, centres[i].X, centres[i].Y, r, size, (x, y) =>
                {
                    x0 = Math.Min(x0, x); x1 = Math.Max(x1, x); y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
                });
                objects[i] = new SceneObject(i, shape, color, sz, centres[i].X, centres[i].Y, r, new BoundingBox(x0, y0, x1, y1));
            }
            return new Scene(split, index, seed, size, place, objects);
        }
        throw new InvalidOperationException(
            $"Could not place {specs.Count} objects without overlap in a {size}×{size} image after 200 attempts; use a larger SceneConfig.ImageSize or fewer / smaller objects.");
    }
}
