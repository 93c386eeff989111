namespace MultiModal.World;

/// <summary>The whole world's configuration: scenes, sounds, speakers, recipe pictures and split sizes.</summary>
public sealed record WorldConfig
{
    /// <summary>Scenes, captions and questions.</summary>
    public SceneConfig Scenes { get; init; } = new();
    /// <summary>Object sounds, place ambience and clips.</summary>
    public SoundConfig Sounds { get; init; } = new();
    /// <summary>Speakers, faces, voices and mixtures.</summary>
    public SpeakerConfig Speakers { get; init; } = new();
    /// <summary>Dish picture size in pixels (default 64).</summary>
    public int RecipeImageSize { get; init; } = 64;
    /// <summary>Items in the train split of each finite dataset (default 5000; the streams themselves are endless).</summary>
    public int TrainSize { get; init; } = 5000;
    /// <summary>Items in the val split (default 500).</summary>
    public int ValSize { get; init; } = 500;
    /// <summary>Items in the test split (default 500).</summary>
    public int TestSize { get; init; } = 500;
    /// <summary>Items in the held-out split (default 500).</summary>
    public int HeldOutSize { get; init; } = 500;

    /// <summary>
    /// The default world with canonical captions (<see cref="CaptionStyle.Canonical"/>: one annotation guideline, five
    /// phrasings): the world of the captioning notebooks. Its images are those of the default world.
    /// </summary>
    public static WorldConfig CanonicalCaptions { get; } = new() { Scenes = new SceneConfig { CaptionStyle = CaptionStyle.Canonical } };

    /// <summary>
    /// The world of sound-source localisation (notebook 12): two to four objects on a plain, silent background, one of
    /// them sounding. Why no places: a place is painted behind the objects and has its own ambient sound, so matching a
    /// clip's sound to its image needs no object at all — measured, the unsupervised localiser then learns to attend to
    /// the background (600 steps: cIoU@0.5 0.000 and mean cIoU 0.004 on 300 test clips, against 0.22 and 0.34 without places; τ_α = 0.1 in both). The objects
    /// are the default world's, so the shipped image encoder (of <c>new SyntheticWorld(seed)</c>) sees what it was trained on.
    /// </summary>
    public static WorldConfig Localization { get; } = new() { Scenes = new SceneConfig { MinObjects = 2, UsePlaces = false } };

    /// <summary>Validates every part; throws <see cref="ArgumentException"/> naming the field.</summary>
    public WorldConfig Validate()
    {
        ArgumentNullException.ThrowIfNull(Scenes, nameof(Scenes));
        ArgumentNullException.ThrowIfNull(Sounds, nameof(Sounds));
        ArgumentNullException.ThrowIfNull(Speakers, nameof(Speakers));
        Scenes.Validate();
        Sounds.Validate();
        Speakers.Validate();
        if (RecipeImageSize < 32 || RecipeImageSize > 256) Fail(nameof(RecipeImageSize), $"must be between 32 and 256 pixels, got {RecipeImageSize}.");
        foreach (var (name, v) in new[] { (nameof(TrainSize), TrainSize), (nameof(ValSize), ValSize), (nameof(TestSize), TestSize), (nameof(HeldOutSize), HeldOutSize) })
            if (v < 1) Fail(name, $"must be at least 1, got {v}.");
        return this;
    }

    /// <summary>Number of items of a split.</summary>
    public int Size(Split split) => split switch
    {
        Split.Train => TrainSize,
        Split.Val => ValSize,
        Split.Test => TestSize,
        _ => HeldOutSize,
    };

    private static void Fail(string field, string message) => throw new ArgumentException($"WorldConfig.{field} {message}", field);
}
