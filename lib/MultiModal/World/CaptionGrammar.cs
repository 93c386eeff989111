using System.Text;

namespace MultiModal.World;

/// <summary>How a scene's reference captions are written (<see cref="SceneConfig.CaptionStyle"/>).</summary>
public enum CaptionStyle
{
    /// <summary>
    /// Free variation, like different people describing a picture: each caption picks its own template (list, relation,
    /// count, absence), its own objects and which attributes to mention. Good for retrieval and embeddings; as
    /// captioning references they disagree so much that one reference scored against the other four gets a BLEU-4 of
    /// only about 0.3.
    /// </summary>
    Varied,
    /// <summary>
    /// One annotation guideline, like a captioning dataset's instructions to its annotators: name the two objects
    /// furthest apart (the leftmost and the rightmost, or the top and bottom one when they are in one column) with
    /// size, colour and shape, and say where one is relative to the other. The five references are five phrasings of
    /// that content, e.g. <c>a large red circle is left of a small blue square</c>,
    /// <c>a small blue square is right of a large red circle</c>, <c>there is a large red circle left of a small blue square</c>,
    /// <c>a large red circle and a small blue square on the grass</c>, <c>there is a small blue square right of a large red circle</c>:
    /// every reference names both objects in full, so no short generic caption ("three objects") can match one.
    /// A scene with one object gets <c>a large red circle on the grass</c>, <c>there is one large red circle</c>, …
    /// (always naming at least its colour and shape).
    /// </summary>
    Canonical,
}

/// <summary>
/// Writes captions that are true of a scene, from a small grammar with real variation. Captions are
/// lower-case words separated by single spaces, without punctuation. The grammar (NP = noun phrase):
/// <code>
/// NP       := ("a" | "an") [size] [colour] (shape | "object")      -- at least one attribute; "an" before a vowel
/// list     := NP ("and" NP)* ["on the" place]                       -- each NP names a different object
/// relation := NP "is" REL NP | "there is" NP REL NP                 -- REL: "left of" | "right of" | "above" | "below"
/// count    := "there is one" ADJ* HEAD | "there are" NUMBER ADJ* HEADS | "there are no" ADJ* HEADS
///           | NUMBER ("object" | "objects") "on the" place
/// </code>
/// Semantics (what makes a caption true, checked independently by the tests): noun phrases are existential
/// ("a red circle" = some red circle exists); a list names distinct objects; A "left of" B means
/// centre x of A + <see cref="RelationMargin"/> ≤ centre x of B (similarly "right of", and "above"/"below" with y
/// growing downwards); counts are exact; "on the grass" names the scene's place.
/// <para>Which template, which objects and which attributes are mentioned are drawn from the scene's seed, so
/// the same scene always gets the same captions. With <see cref="CaptionStyle.Canonical"/> nothing is drawn: the
/// captions follow one guideline (see there) and use only full noun phrases (size, colour and shape).</para>
/// </summary>
public sealed class CaptionGrammar
{
    private static readonly string[] NumberWords = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight"];

    private readonly HashSet<(ObjectColor, ObjectShape)> _unspoken;

    /// <summary>
    /// A grammar that states spatial relations only when the centres differ by at least <paramref name="relationMargin"/>
    /// pixels, and never names the colour–shape pairs in <paramref name="unspokenPairs"/> in a caption about absent
    /// objects ("there are no red squares"), so held-out pairs stay out of training captions entirely.
    /// </summary>
    /// <param name="relationMargin">Minimum centre difference in pixels for a stated relation.</param>
    /// <param name="unspokenPairs">Colour–shape pairs never named as absent.</param>
    /// <param name="style">Free variation (default) or one canonical guideline.</param>
    public CaptionGrammar(int relationMargin = 4, IEnumerable<(ObjectColor Color, ObjectShape Shape)>? unspokenPairs = null,
        CaptionStyle style = CaptionStyle.Varied)
    {
        if (relationMargin < 1) throw new ArgumentOutOfRangeException(nameof(relationMargin), relationMargin, "relationMargin must be at least 1 pixel.");
        if (!Enum.IsDefined(style)) throw new ArgumentOutOfRangeException(nameof(style), style, "style must be CaptionStyle.Varied or CaptionStyle.Canonical.");
        RelationMargin = relationMargin;
        Style = style;
        _unspoken = [.. unspokenPairs ?? []];
    }

    /// <summary>Minimum centre difference in pixels for a stated spatial relation.</summary>
    public int RelationMargin { get; }

    /// <summary>How the captions are written.</summary>
    public CaptionStyle Style { get; }

    /// <summary>The number word for 0..8 ("no", "one", … "eight").</summary>
    public static string Number(int n) => n >= 0 && n < NumberWords.Length ? NumberWords[n] : throw new ArgumentOutOfRangeException(nameof(n), n, "counts go from 0 to 8.");

    /// <summary>Every word a caption can contain, sorted (the caption vocabulary before special tokens).</summary>
    public static IReadOnlyList<string> Words { get; } = BuildWords();

    private static string[] BuildWords()
    {
        var words = new SortedSet<string>(StringComparer.Ordinal) { "a", "an", "and", "is", "there", "are", "on", "the", "of", "object", "objects" };
        foreach (var r in SpatialRelations.All) foreach (var w in SpatialRelations.Words(r).Split(' ')) words.Add(w);
        foreach (var n in NumberWords) words.Add(n);
        foreach (var s in Attributes.Shapes) { words.Add(Attributes.Word(s)); words.Add(Attributes.Plural(s)); }
        foreach (var c in Attributes.Colors) words.Add(Attributes.Word(c));
        foreach (var z in Attributes.Sizes) words.Add(Attributes.Word(z));
        foreach (var p in Attributes.Places) words.Add(Attributes.Word(p));
        return [.. words];
    }

    /// <summary>
    /// Up to <paramref name="count"/> different captions of <paramref name="scene"/> (fewer only when the scene is
    /// so simple that the grammar cannot say that many different true things).
    /// </summary>
    public IReadOnlyList<string> Generate(Scene scene, int count = 5)
    {
        ArgumentNullException.ThrowIfNull(scene);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1.");
        if (Style == CaptionStyle.Canonical) return [.. Canonical(scene).Distinct().Take(count)];
        var rng = new WorldRandom(scene.Seed ^ 0xCA9710_5EEDUL);
        var result = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < count * 20 && result.Count < count; attempt++)
        {
            var caption = rng.Next(10) switch
            {
                < 3 => List(scene, rng),
                < 6 => Relation(scene, rng) ?? List(scene, rng),
                _ => Count(scene, rng),
            };
            if (seen.Add(caption)) result.Add(caption);
        }
        return result;
    }

    /// <summary>
    /// The canonical captions of a scene, most typical first: the two objects furthest apart horizontally (leftmost
    /// first) when their centres differ by at least the margin, else the top and bottom one (every pair of objects is
    /// far enough apart along one axis, because objects never overlap).
    /// </summary>
    private IEnumerable<string> Canonical(Scene scene)
    {
        var place = scene.Place == Place.Plain ? "" : " on the " + Attributes.Word(scene.Place);
        if (scene.Objects.Count == 1)
        {
            var o = scene.Objects[0];
            var full = FullDescription(o);                                    // "large red circle"
            var colorShape = $"{Attributes.Word(o.Color)} {Attributes.Word(o.Shape)}";
            yield return WithArticle(full) + place;
            yield return "there is one " + full;
            yield return WithArticle(full);
            yield return WithArticle(colorShape) + place;
            yield return $"there is one {colorShape}";
            yield return WithArticle(colorShape);
            yield break;
        }
        var byX = scene.Objects.OrderBy(o => o.X).ThenBy(o => o.Index).ToArray();
        var byY = scene.Objects.OrderBy(o => o.Y).ThenBy(o => o.Index).ToArray();
        var horizontal = SpatialRelations.Holds(byX[0], SpatialRelation.LeftOf, byX[^1], RelationMargin);
        var (first, second) = horizontal ? (byX[0], byX[^1]) : (byY[0], byY[^1]);
        var stated = horizontal ? SpatialRelation.LeftOf : SpatialRelation.Above;
        var (relation, inverse) = (SpatialRelations.Words(stated), SpatialRelations.Words(SpatialRelations.Inverse(stated)));
        string a = WithArticle(FullDescription(first)), b = WithArticle(FullDescription(second));
        yield return $"{a} is {relation} {b}";
        yield return $"{b} is {inverse} {a}";
        yield return $"there is {a} {relation} {b}";
        yield return $"{a} and {b}{place}";
        yield return $"there is {b} {inverse} {a}";
    }

    // Size, colour and shape of an object, without an article: "large red circle".
    private static string FullDescription(SceneObject o) => $"{Attributes.Word(o.Size)} {Attributes.Word(o.Color)} {Attributes.Word(o.Shape)}";

    // "a" or "an" (before a vowel) and the phrase.
    private static string WithArticle(string phrase) => ("aeiou".Contains(phrase[0]) ? "an " : "a ") + phrase;

    private static string List(Scene scene, WorldRandom rng)
    {
        var order = scene.Objects.ToList();
        rng.Shuffle(order);
        var k = rng.Between(1, Math.Min(3, order.Count));
        var sb = new StringBuilder();
        for (var i = 0; i < k; i++)
        {
            if (i > 0) sb.Append(" and ");
            sb.Append(NounPhrase(order[i], rng));
        }
        if (scene.Place != Place.Plain && rng.Chance(0.5)) sb.Append(" on the ").Append(Attributes.Word(scene.Place));
        return sb.ToString();
    }

    private string? Relation(Scene scene, WorldRandom rng)
    {
        var candidates = new List<(SceneObject A, string Rel, SceneObject B)>();
        foreach (var a in scene.Objects)
            foreach (var b in scene.Objects)
            {
                if (a == b) continue;
                foreach (var r in SpatialRelations.All)
                    if (SpatialRelations.Holds(a, r, b, RelationMargin)) candidates.Add((a, SpatialRelations.Words(r), b));
            }
        if (candidates.Count == 0) return null;
        var (x, rel, y) = rng.Pick(candidates);
        var sentence = $"{NounPhrase(x, rng)} is {rel} {NounPhrase(y, rng)}";
        return rng.Chance(0.3) ? "there is " + sentence.Replace(" is " + rel, " " + rel) : sentence;
    }

    private string Count(Scene scene, WorldRandom rng)
    {
        // Describe a set by up to two attributes taken from a real object (or, now and then, an absent set).
        var o = rng.Pick(scene.Objects);
        bool useSize = rng.Chance(0.3), useColor = rng.Chance(0.6), useShape = rng.Chance(0.6);
        if (rng.Chance(0.15))
        {
            // "there are no ...": pick a colour/shape combination that is absent.
            var shape = rng.Pick(Attributes.Shapes);
            var color = rng.Pick(Attributes.Colors);
            if (!_unspoken.Contains((color, shape)) && !scene.Objects.Any(p => p.Shape == shape && p.Color == color))
                return $"there are no {Attributes.Word(color)} {Attributes.Plural(shape)}";
        }
        var n = scene.Objects.Count(p => (!useSize || p.Size == o.Size) && (!useColor || p.Color == o.Color) && (!useShape || p.Shape == o.Shape));
        var adjectives = (useSize ? Attributes.Word(o.Size) + " " : "") + (useColor ? Attributes.Word(o.Color) + " " : "");
        var head = useShape ? (n == 1 ? Attributes.Word(o.Shape) : Attributes.Plural(o.Shape)) : (n == 1 ? "object" : "objects");
        if (!useSize && !useColor && !useShape && scene.Place != Place.Plain && rng.Chance(0.5))
            return $"{Number(n)} {head} on the {Attributes.Word(scene.Place)}";
        return n == 1 ? $"there is one {adjectives}{head}" : $"there are {Number(n)} {adjectives}{head}";
    }

    private static string NounPhrase(SceneObject o, WorldRandom rng)
    {
        bool size, color, shape;
        do { size = rng.Chance(0.35); color = rng.Chance(0.75); shape = rng.Chance(0.75); } while (!size && !color && !shape);
        var words = new List<string>(4);
        if (size) words.Add(Attributes.Word(o.Size));
        if (color) words.Add(Attributes.Word(o.Color));
        words.Add(shape ? Attributes.Word(o.Shape) : "object");
        return WithArticle(string.Join(' ', words));
    }
}
