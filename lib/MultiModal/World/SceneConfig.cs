namespace MultiModal.World;

/// <summary>
/// How scenes are generated. Every field has a default that trains in minutes on 2 CPU cores; call
/// <see cref="Validate"/> (the generator does) to get a clear error naming the offending field.
/// <code>var config = new SceneConfig { MaxObjects = 2, Colors = ["red", "green", "blue"] };</code>
/// </summary>
public sealed record SceneConfig
{
    /// <summary>Width and height of the square RGB image in pixels (default 64).</summary>
    public int ImageSize { get; init; } = 64;
    /// <summary>Fewest objects in a scene (≥ 1).</summary>
    public int MinObjects { get; init; } = 1;
    /// <summary>Most objects in a scene (≥ <see cref="MinObjects"/>, ≤ 8).</summary>
    public int MaxObjects { get; init; } = 4;
    /// <summary>Shape words the generator may use (default: all of <see cref="Attributes.Shapes"/>).</summary>
    public IReadOnlyList<string> Shapes { get; init; } = Attributes.Shapes.Select(Attributes.Word).ToArray();
    /// <summary>Colour words the generator may use (default: all of <see cref="Attributes.Colors"/>).</summary>
    public IReadOnlyList<string> Colors { get; init; } = Attributes.Colors.Select(Attributes.Word).ToArray();
    /// <summary>Place words for backgrounds (default: all four places); must stay at its default when <see cref="UsePlaces"/> is false.</summary>
    public IReadOnlyList<string> Places { get; init; } = Attributes.Places.Select(Attributes.Word).ToArray();
    /// <summary>Draw a textured background place (true) or plain black (false).</summary>
    public bool UsePlaces { get; init; } = true;
    /// <summary>Radius in pixels of a small object (≥ 2).</summary>
    public int SmallRadius { get; init; } = 5;
    /// <summary>Radius in pixels of a large object (&gt; <see cref="SmallRadius"/>).</summary>
    public int LargeRadius { get; init; } = 8;
    /// <summary>
    /// Spatial relations ("left of", "above") are only stated when the two centres differ by at least this many
    /// pixels along that axis, so every relation is clear to the eye (default 4).
    /// </summary>
    public int RelationMargin { get; init; } = 4;
    /// <summary>
    /// How captions are written: <see cref="World.CaptionStyle.Varied"/> (default; free variation for retrieval and
    /// embeddings) or <see cref="World.CaptionStyle.Canonical"/> (one guideline, five phrasings; the captioning notebooks).
    /// </summary>
    public CaptionStyle CaptionStyle { get; init; } = CaptionStyle.Varied;
    /// <summary>Captions generated per scene (default 5).</summary>
    public int CaptionsPerScene { get; init; } = 5;
    /// <summary>Question–answer pairs generated per scene (default 6; fewer when a scene offers fewer unambiguous questions).</summary>
    public int QuestionsPerScene { get; init; } = 6;
    /// <summary>
    /// "colour shape" pairs that never occur in the train, val and test splits and occur in every scene of the
    /// <see cref="Split.HeldOut"/> split (default "red square" and "blue triangle"), to measure compositional generalisation.
    /// </summary>
    public IReadOnlyList<string> HeldOutPairs { get; init; } = ["red square", "blue triangle"];

    /// <summary>Bounding radius (pixels) of an object of radius <paramref name="radius"/>: every shape fits in a circle this big.</summary>
    internal static double Extent(int radius) => 1.25 * radius;

    /// <summary>Checks every field; returns this config or throws <see cref="ArgumentException"/> naming the field.</summary>
    public SceneConfig Validate()
    {
        if (MinObjects < 1) Fail(nameof(MinObjects), $"must be at least 1 (a scene needs an object to describe), got {MinObjects}.");
        if (MaxObjects < MinObjects) Fail(nameof(MaxObjects), $"must be ≥ MinObjects ({MinObjects}), got {MaxObjects}.");
        if (MaxObjects > 8) Fail(nameof(MaxObjects), $"must be at most 8 (captions and questions count up to eight), got {MaxObjects}.");
        if (SmallRadius < 2) Fail(nameof(SmallRadius), $"must be at least 2 pixels so shapes stay recognisable, got {SmallRadius}.");
        if (LargeRadius <= SmallRadius) Fail(nameof(LargeRadius), $"must be larger than SmallRadius ({SmallRadius}), got {LargeRadius}.");
        if (RelationMargin < 1) Fail(nameof(RelationMargin), $"must be at least 1 pixel, got {RelationMargin}.");
        if (!Enum.IsDefined(CaptionStyle)) Fail(nameof(CaptionStyle), $"must be Varied or Canonical, got {(int)CaptionStyle}.");
        if (CaptionsPerScene < 1) Fail(nameof(CaptionsPerScene), $"must be at least 1, got {CaptionsPerScene}.");
        if (QuestionsPerScene < 0) Fail(nameof(QuestionsPerScene), $"must be ≥ 0, got {QuestionsPerScene}.");
        CheckWords(nameof(Shapes), Shapes, w => Attributes.ParseShape(w, $"SceneConfig.{nameof(Shapes)}"));
        CheckWords(nameof(Colors), Colors, w => Attributes.ParseColor(w, $"SceneConfig.{nameof(Colors)}"));
        if (UsePlaces)
        {
            CheckWords(nameof(Places), Places, w => Attributes.ParsePlace(w, $"SceneConfig.{nameof(Places)}"));
            if (Places.Any(p => Attributes.ParsePlace(p) == Place.Plain))
                Fail(nameof(Places), "must not contain 'plain'; set UsePlaces = false for plain backgrounds.");
        }
        else if (!Places.SequenceEqual(Attributes.Places.Select(Attributes.Word)))
            Fail(nameof(Places), $"is set to [{string.Join(", ", Places)}] but UsePlaces is false, so no place would be drawn: keep UsePlaces = true to use these places, or leave Places at its default for plain backgrounds.");
        // The largest scene must fit: MaxObjects large objects, each needing a square of side 2·extent + gap.
        var side = 2 * Extent(LargeRadius) + 2;
        var minSize = (int)Math.Ceiling(Math.Max(side + 2, Math.Sqrt(2.0 * MaxObjects) * side));
        if (ImageSize < minSize)
            Fail(nameof(ImageSize), $"{ImageSize} pixels is too small for {MaxObjects} large objects of radius {LargeRadius}: need at least {minSize} (or fewer / smaller objects).");
        if (ImageSize > 512) Fail(nameof(ImageSize), $"must be at most 512 (the course trains on small images), got {ImageSize}.");
        foreach (var pair in HeldOutPairs ?? [])
        {
            var parts = (pair ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2) Fail(nameof(HeldOutPairs), $"entries must look like \"red square\" (a colour and a shape), got \"{pair}\".");
            Attributes.ParseColor(parts[0], $"SceneConfig.{nameof(HeldOutPairs)}");
            Attributes.ParseShape(parts[1], $"SceneConfig.{nameof(HeldOutPairs)}");
        }
        if (HeldOutPairs is { Count: > 0 } && ColorSet.Count * ShapeSet.Count <= HeldOutPairs.Count)
            Fail(nameof(HeldOutPairs), "holds out every colour–shape pair; training scenes would be impossible.");
        return this;
    }

    /// <summary>The colours in use, parsed.</summary>
    public IReadOnlyList<ObjectColor> ColorSet => Colors.Select(w => Attributes.ParseColor(w)).Distinct().ToArray();
    /// <summary>The shapes in use, parsed.</summary>
    public IReadOnlyList<ObjectShape> ShapeSet => Shapes.Select(w => Attributes.ParseShape(w)).Distinct().ToArray();
    /// <summary>The places in use, parsed (just <see cref="Place.Plain"/> when <see cref="UsePlaces"/> is false).</summary>
    public IReadOnlyList<Place> PlaceSet => UsePlaces ? Places.Select(w => Attributes.ParsePlace(w)).Distinct().ToArray() : [Place.Plain];
    /// <summary>The held-out (colour, shape) pairs, parsed.</summary>
    public IReadOnlyList<(ObjectColor Color, ObjectShape Shape)> HeldOutSet =>
        (HeldOutPairs ?? []).Select(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => (Attributes.ParseColor(p[0]), Attributes.ParseShape(p[1]))).Distinct().ToArray();

    /// <summary>Radius in pixels for a size.</summary>
    public int Radius(ObjectSize size) => size == ObjectSize.Large ? LargeRadius : SmallRadius;

    private static void CheckWords(string field, IReadOnlyList<string>? words, Action<string> parse)
    {
        if (words is null || words.Count == 0) Fail(field, "must list at least one word.");
        foreach (var w in words!) parse(w);
    }

    private static void Fail(string field, string message) =>
        throw new ArgumentException($"SceneConfig.{field} {message}", field);

    /// <summary>
    /// These settings as JSON with the caption style set to <see cref="CaptionStyle.Varied"/>: a key for everything
    /// computed from the scenes' images (a pre-trained encoder, cached features), which the caption style does not change.
    /// </summary>
    public string ImageKey() => System.Text.Json.JsonSerializer.Serialize(this with { CaptionStyle = CaptionStyle.Varied });
}
