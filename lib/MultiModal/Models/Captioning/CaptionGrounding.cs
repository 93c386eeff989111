using MultiModal.Tensors;
using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Metrics;

namespace MultiModal.Models.Captioning;

/// <summary>
/// Which object of a scene each word of a caption names — the link between a generated caption and the world's
/// ground-truth masks that <see cref="Metrics.AttentionCorrectness"/> and the <see cref="Metrics.PointingGame"/> need. A noun phrase in the world's grammar is an
/// article ("a", "an") or "one", then optional size and colour words, then a shape word or "object"
/// ("a small red circle", "there is one blue object"). When exactly one object of the scene has every attribute the
/// phrase mentions, the phrase's attribute and head words (not the article) name that object. Everything else —
/// plurals ("two circles"), phrases that fit several objects or none (a wrong caption), function words, places —
/// names no object and is skipped by the metric.
/// </summary>
public static class CaptionGrounding
{
    /// <summary>
    /// For every word of <paramref name="words"/>, the index of the object of <paramref name="scene"/> it names
    /// (<see cref="SceneObject.Index"/>), or null.
    /// </summary>
    public static int?[] ObjectPerWord(IReadOnlyList<string> words, Scene scene)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(scene);
        var result = new int?[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is not ("a" or "an" or "one")) continue;
            ObjectSize? size = null;
            ObjectColor? color = null;
            var j = i + 1;
            if (j < words.Count && TryParse<ObjectSize>(words[j], out var z)) { size = z; j++; }
            if (j < words.Count && TryParse<ObjectColor>(words[j], out var c)) { color = c; j++; }
            if (j >= words.Count) continue;
            ObjectShape? shape = null;
            if (TryParse<ObjectShape>(words[j], out var s)) shape = s;
            else if (words[j] != "object") continue;                          // not a singular noun phrase
            var matches = scene.Objects.Where(o => (size is null || o.Size == size) && (color is null || o.Color == color)
                                                   && (shape is null || o.Shape == shape)).ToArray();
            if (matches.Length != 1) continue;                                // ambiguous or false: names no single object
            for (var k = i + 1; k <= j; k++) result[k] = matches[0].Index;
            i = j;
        }
        return result;
    }

    /// <summary>
    /// The ground-truth mask (bool, image size × image size) of the object each word names, or null — ready for
    /// <see cref="Metrics.AttentionCorrectness.Evaluate"/> and <see cref="Metrics.PointingGame.Evaluate"/>.
    /// </summary>
    public static IReadOnlyList<Tensor?> Masks(IReadOnlyList<string> words, RenderedScene frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return ObjectPerWord(words, frame.Scene)
            .Select(o => o is { } index ? tensor(frame.Mask(index), [frame.Size, frame.Size]) : null)
            .ToArray();
    }

    /// <summary>
    /// The <see cref="Metrics.PointingGame"/> for one generated caption on its scene: grounds the words with
    /// <see cref="Masks"/>, upsamples every word's attention map bilinearly to the image size (as the overlays draw it)
    /// and asks whether the map's peak <b>pixel</b> lies inside the named object's mask (on image-size maps every cell
    /// is one pixel). At pixel resolution a small object that straddles four grid cells can still be hit, which a test
    /// on the 8×8 cells (peak cell mostly inside the object) would never allow.
    /// </summary>
    /// <param name="words">The generated words (one per attention map).</param>
    /// <param name="attention">(words, gridSize, gridSize) attention maps, e.g. <c>Caption.Attention</c>.</param>
    /// <param name="frame">The rendered scene the caption describes.</param>
    public static PointingGameResult PointingGame(IReadOnlyList<string> words, Tensor attention, RenderedScene frame)
    {
        CheckAttention(attention, frame);
        using var scope = NewDisposeScope();
        return Metrics.PointingGame.Evaluate(Upsampling.Bilinear(attention, frame.Size), Masks(words, frame)); // maps (words, size, size)
    }

    /// <summary>
    /// <see cref="Metrics.AttentionCorrectness"/> (Liu et al. 2017) for one generated caption on its scene: for every word
    /// that names an object (<see cref="Masks"/>), the share of its attention — upsampled bilinearly to the image and
    /// normalised — that lies inside the object's mask.
    /// </summary>
    /// <param name="words">The generated words (one per attention map).</param>
    /// <param name="attention">(words, gridSize, gridSize) attention maps, e.g. <c>Caption.Attention</c>.</param>
    /// <param name="frame">The rendered scene the caption describes.</param>
    public static AttentionCorrectnessResult AttentionCorrectness(IReadOnlyList<string> words, Tensor attention, RenderedScene frame)
    {
        CheckAttention(attention, frame);
        using var scope = NewDisposeScope();
        return Metrics.AttentionCorrectness.Evaluate(attention, Masks(words, frame));
    }

    /// <summary>
    /// The chance level of <see cref="AttentionCorrectness(IReadOnlyList{string}, Tensor, RenderedScene)"/> for these
    /// words: attention spread evenly over the image scores each named object's share of the image.
    /// </summary>
    public static AttentionCorrectnessResult AttentionCorrectnessChance(IReadOnlyList<string> words, RenderedScene frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var scope = NewDisposeScope();
        return Metrics.AttentionCorrectness.Chance(Masks(words, frame));
    }

    /// <summary>
    /// The ceiling of <see cref="AttentionCorrectness(IReadOnlyList{string}, Tensor, RenderedScene)"/> for these words and
    /// maps of <paramref name="gridSize"/> × <paramref name="gridSize"/> (<see cref="Metrics.AttentionCorrectness.Ceiling"/>):
    /// the best score any such map could reach on each named object.
    /// </summary>
    public static AttentionCorrectnessResult AttentionCorrectnessCeiling(IReadOnlyList<string> words, RenderedScene frame, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var scope = NewDisposeScope();
        return Metrics.AttentionCorrectness.Ceiling(Masks(words, frame), gridSize);
    }

    private static void CheckAttention(Tensor attention, RenderedScene frame)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(frame);
        if (attention.dim() != 3)
            throw new ArgumentException($"expected attention maps of shape [words, h, w] (Caption.Attention), got {attention.ShapeText()}.", nameof(attention));
    }

    /// <summary>
    /// Where an object is on the attention grid: the share of the object's mask in each of the gridSize × gridSize cells
    /// (row-major like the attention maps), a distribution that sums to 1 — the "ground-truth attention" of a word that
    /// names the object (Liu et al., 2017, <i>Attention Correctness in Neural Image Captioning</i>).
    /// </summary>
    /// <param name="frame">The rendered scene.</param>
    /// <param name="objectIndex">The object (<see cref="SceneObject.Index"/>).</param>
    /// <param name="gridSize">Side of the attention grid; must divide the image size.</param>
    public static float[] ObjectCells(RenderedScene frame, int objectIndex, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (objectIndex < 0 || objectIndex >= frame.Scene.Objects.Count)
            throw new ArgumentOutOfRangeException(nameof(objectIndex), objectIndex, $"the scene has objects 0 … {frame.Scene.Objects.Count - 1}.");
        if (gridSize < 1 || frame.Size % gridSize != 0)
            throw new ArgumentException($"gridSize must divide the image size {frame.Size}, got {gridSize}.", nameof(gridSize));
        var cell = frame.Size / gridSize;
        var shares = new float[gridSize * gridSize];
        var id = objectIndex + 1;
        var total = 0;
        for (var y = 0; y < frame.Size; y++)
            for (var x = 0; x < frame.Size; x++)
                if (frame.Instances[y * frame.Size + x] == id) { shares[(y / cell) * gridSize + x / cell]++; total++; }
        if (total == 0) throw new InvalidOperationException($"object {objectIndex} has no visible pixels in this frame.");
        for (var i = 0; i < shares.Length; i++) shares[i] /= total;
        return shares;
    }

    /// <summary>
    /// The ground-truth attention of every word of a caption: for a word that names one object
    /// (<see cref="ObjectPerWord"/>) that object's <see cref="ObjectCells"/>, else null (no supervision for that word).
    /// </summary>
    public static float[]?[] AttentionTargets(IReadOnlyList<string> words, RenderedScene frame, int gridSize)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var cells = new Dictionary<int, float[]>();
        return ObjectPerWord(words, frame.Scene)
            .Select(o => o is { } index ? cells.TryGetValue(index, out var c) ? c : cells[index] = ObjectCells(frame, index, gridSize) : null)
            .ToArray();
    }

    /// <summary>
    /// Is the spatial relation a caption states true? Finds "left of", "right of", "above" or "below" between two noun
    /// phrases that each name one object (<see cref="ObjectPerWord"/>) and checks it on the scene with the world's rule
    /// (<see cref="SpatialRelations.Holds(SceneObject, SpatialRelation, SceneObject, int)"/>). Null when the caption states
    /// no relation or a phrase names no single object (then the relation cannot be checked).
    /// </summary>
    /// <param name="words">The caption's words.</param>
    /// <param name="scene">The scene it describes.</param>
    /// <param name="margin">The world's <see cref="SceneConfig.RelationMargin"/> in pixels (the margin its captions were written with).</param>
    public static bool? RelationHolds(IReadOnlyList<string> words, Scene scene, int margin)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(scene);
        var objects = ObjectPerWord(words, scene);
        for (var p = 1; p < words.Count; p++)
        {
            if (SpatialRelations.FromWord(words[p]) is not { } relation) continue;
            var subject = objects[p - 1] ?? (p >= 2 && words[p - 1] == "is" ? objects[p - 2] : null);
            int? other = null;
            for (var k = p + 1; k < words.Count && other is null && words[k] != "and"; k++) other = objects[k];
            if (subject is not { } a || other is not { } b) return null;
            return SpatialRelations.Holds(scene.Objects[a], relation, scene.Objects[b], margin);
        }
        return null;
    }

    private static bool TryParse<T>(string word, out T value) where T : struct, Enum =>
        Enum.TryParse(word, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(word, out _);
}
