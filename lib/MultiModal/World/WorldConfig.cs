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
