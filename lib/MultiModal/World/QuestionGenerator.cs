namespace MultiModal.World;

/// <summary>
/// Asks questions about a scene and answers them from its ground truth (Sort-of-CLEVR style, §2.3 VQA).
/// Every object is referred to by the shortest unique description ("the red object", "the circle",
/// "the large green object") that does not give the answer away, so every question has exactly one answer.
/// Questions whose answer would hinge on a near tie (two objects almost equally close, an object almost on the
/// centre line) are not asked. Half the questions are relational when the scene allows it.
/// <para>Templates (answers in brackets):</para>
/// <code>
/// what shape is the REF ?                                   [circle | square | ...]
/// what colour is the REF ?                                  [red | ...]
/// what size is the REF ?                                    [small | large]
/// is the REF on the left or the right ?                     [left | right]   (image centre, margin RelationMargin)
/// how many (COLOUR objects | SHAPES) are there ?            [zero .. eight]
/// where is this ?                                           [grass | sand | road | water]
/// what shape is closest to the REF ?                        [shape]          (centre distance)
/// what colour is the object furthest from the REF ?         [colour]
/// how many other objects have the same shape as the REF ?   [zero .. seven]
/// is the REF left of the REF ?                              [yes | no]       (centre x, margin RelationMargin)
/// </code>
/// </summary>
public sealed class QuestionGenerator
{
    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"];

    /// <summary>A generator that avoids spatial questions whose answer depends on less than <paramref name="relationMargin"/> pixels.</summary>
    public QuestionGenerator(int relationMargin = 4)
    {
        if (relationMargin < 1) throw new ArgumentOutOfRangeException(nameof(relationMargin), relationMargin, "relationMargin must be at least 1 pixel.");
        RelationMargin = relationMargin;
    }

    /// <summary>Minimum pixel difference that spatial answers rely on (also the minimum gap between the closest and second-closest distance).</summary>
    public int RelationMargin { get; }

    /// <summary>Every possible answer, in a fixed order (the answer classes of a VQA model).</summary>
    public static IReadOnlyList<string> Answers { get; } =
    [
        .. Attributes.Shapes.Select(Attributes.Word), .. Attributes.Colors.Select(Attributes.Word), .. Attributes.Sizes.Select(Attributes.Word),
        "left", "right", "yes", "no", .. Numbers, .. Attributes.Places.Select(Attributes.Word),
    ];

    /// <summary>Every word a question can contain, sorted.</summary>
    public static IReadOnlyList<string> Words { get; } = new SortedSet<string>(
        ["what", "shape", "colour", "size", "is", "the", "on", "left", "or", "right", "how", "many", "are", "there", "where", "this",
         "closest", "to", "object", "objects", "furthest", "from", "other", "have", "same", "as", "of", "?",
         .. Attributes.Shapes.Select(Attributes.Word), .. Attributes.Shapes.Select(Attributes.Plural), .. Attributes.Colors.Select(Attributes.Word),
         .. Attributes.Sizes.Select(Attributes.Word)], StringComparer.Ordinal).ToArray();

    /// <summary>The number word used in answers (0 → "zero").</summary>
    public static string Number(int n) => Numbers[n];

    /// <summary>Up to <paramref name="count"/> different questions with answers, alternating non-relational and relational.</summary>
    public IReadOnlyList<QuestionAnswer> Generate(Scene scene, int count = 6)
    {
        ArgumentNullException.ThrowIfNull(scene);
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be ≥ 0.");
        var rng = new WorldRandom(scene.Seed ^ 0x0A5C_0F_0A05UL);
        var all = Candidates(scene, rng);
        var plain = all.Where(q => !q.IsRelational).ToList();
        var relational = all.Where(q => q.IsRelational).ToList();
        rng.Shuffle(plain);
        rng.Shuffle(relational);
        var result = new List<QuestionAnswer>(count);
        int p = 0, r = 0;
        while (result.Count < count && (p < plain.Count || r < relational.Count))
        {
            var takeRelational = r < relational.Count && (result.Count % 2 == 1 || p >= plain.Count);
            result.Add(takeRelational ? relational[r++] : plain[p++]);
        }
        return result;
    }

    private List<QuestionAnswer> Candidates(Scene scene, WorldRandom rng)
    {
        var list = new List<QuestionAnswer>();
        var objs = scene.Objects;
        var centre = scene.ImageSize / 2.0;
        foreach (var o in objs)
        {
            if (Refer(objs, o, exclude: 's') is { } r1) list.Add(new($"what shape is {r1} ?", Attributes.Word(o.Shape), QuestionType.Shape, o.Index));
            if (Refer(objs, o, exclude: 'c') is { } r2) list.Add(new($"what colour is {r2} ?", Attributes.Word(o.Color), QuestionType.Color, o.Index));
            if (Refer(objs, o, exclude: 'z') is { } r3) list.Add(new($"what size is {r3} ?", Attributes.Word(o.Size), QuestionType.Size, o.Index));
            var any = Refer(objs, o, exclude: ' ');
            if (any is null) continue;
            var leftOfCentre = SpatialRelations.Holds(SpatialRelation.LeftOf, o.X, o.Y, centre, o.Y, RelationMargin);
            if (leftOfCentre || SpatialRelations.Holds(SpatialRelation.RightOf, o.X, o.Y, centre, o.Y, RelationMargin))
                list.Add(new($"is {any} on the left or the right ?", leftOfCentre ? "left" : "right", QuestionType.Side, o.Index));
            if (objs.Count < 2) continue;
            var others = objs.Where(p => p != o).OrderBy(p => p.DistanceTo(o)).ToList();
            var clearNearest = others.Count == 1 || others[1].DistanceTo(o) - others[0].DistanceTo(o) >= RelationMargin;
            var clearFurthest = others.Count == 1 || others[^1].DistanceTo(o) - others[^2].DistanceTo(o) >= RelationMargin;
            if (clearNearest) list.Add(new($"what shape is closest to {any} ?", Attributes.Word(others[0].Shape), QuestionType.Closest, o.Index));
            if (clearFurthest) list.Add(new($"what colour is the object furthest from {any} ?", Attributes.Word(others[^1].Color), QuestionType.Furthest, o.Index));
            list.Add(new($"how many other objects have the same shape as {any} ?", Number(others.Count(p => p.Shape == o.Shape)), QuestionType.SameShapeCount, o.Index));
            foreach (var b in others)
            {
                var leftOf = SpatialRelations.Holds(o, SpatialRelation.LeftOf, b, RelationMargin);
                if ((leftOf || SpatialRelations.Holds(o, SpatialRelation.RightOf, b, RelationMargin)) && Refer(objs, b, exclude: ' ') is { } rb)
                    list.Add(new($"is {any} left of {rb} ?", leftOf ? "yes" : "no", QuestionType.LeftOf, o.Index));
            }
        }
        // Counting questions: about a present attribute, or (less often) an absent one.
        var color = rng.Chance(0.7) ? rng.Pick(objs).Color : rng.Pick(Attributes.Colors);
        list.Add(new($"how many {Attributes.Word(color)} objects are there ?", Number(objs.Count(p => p.Color == color)), QuestionType.Count, -1));
        var shape = rng.Chance(0.7) ? rng.Pick(objs).Shape : rng.Pick(Attributes.Shapes);
        list.Add(new($"how many {Attributes.Plural(shape)} are there ?", Number(objs.Count(p => p.Shape == shape)), QuestionType.Count, -1));
        if (scene.Place != Place.Plain) list.Add(new("where is this ?", Attributes.Word(scene.Place), QuestionType.Place, -1));
        return list;
    }

    // The shortest unique description of o that does not mention the attribute being asked
    // ('s' shape, 'c' colour, 'z' size, ' ' none excluded); null when there is none.
    private static string? Refer(IReadOnlyList<SceneObject> objs, SceneObject o, char exclude)
    {
        string[] orders = ["c", "s", "cs", "zs", "zc", "zcs"];
        foreach (var use in orders)
        {
            if (use.Contains(exclude)) continue;
            bool z = use.Contains('z'), c = use.Contains('c'), s = use.Contains('s');
            var matches = objs.Count(p => (!z || p.Size == o.Size) && (!c || p.Color == o.Color) && (!s || p.Shape == o.Shape));
            if (matches != 1) continue;
            return "the " + (z ? Attributes.Word(o.Size) + " " : "") + (c ? Attributes.Word(o.Color) + " " : "") + (s ? Attributes.Word(o.Shape) : "object");
        }
        return null;
    }
}
