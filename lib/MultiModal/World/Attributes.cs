namespace MultiModal.World;

/// <summary>The shape of a scene object. Each shape also has a characteristic sound (<see cref="WorldSounds"/>).</summary>
public enum ObjectShape
{
    /// <summary>A disc; sounds as a pure tone.</summary>
    Circle,
    /// <summary>An axis-aligned square; sounds as a harmonic stack (buzzy).</summary>
    Square,
    /// <summary>An upward-pointing triangle; sounds as a rising chirp.</summary>
    Triangle,
    /// <summary>A square turned by 45°; sounds as a pulsed beep.</summary>
    Diamond,
    /// <summary>A plus sign; sounds as a band of noise (a "shh").</summary>
    Cross,
}

/// <summary>The colour of a scene object. Each colour sets the pitch of the object's sound.</summary>
public enum ObjectColor
{
    /// <summary>Red.</summary>
    Red,
    /// <summary>Orange.</summary>
    Orange,
    /// <summary>Yellow.</summary>
    Yellow,
    /// <summary>Green.</summary>
    Green,
    /// <summary>Blue.</summary>
    Blue,
    /// <summary>Purple.</summary>
    Purple,
    /// <summary>White.</summary>
    White,
}

/// <summary>The size of a scene object (radius from <see cref="SceneConfig.SmallRadius"/> / <see cref="SceneConfig.LargeRadius"/>). Large objects sound an octave lower.</summary>
public enum ObjectSize
{
    /// <summary>Small.</summary>
    Small,
    /// <summary>Large.</summary>
    Large,
}

/// <summary>The background "place" of a scene; each place has its own texture and ambient sound.</summary>
public enum Place
{
    /// <summary>No place: a plain black background and silence.</summary>
    Plain,
    /// <summary>Green grass with blades; sounds like wind.</summary>
    Grass,
    /// <summary>Sand with grains; sounds like surf.</summary>
    Sand,
    /// <summary>Grey road tiles; sounds like a low traffic hum.</summary>
    Road,
    /// <summary>Dark blue water with waves; sounds like bubbling.</summary>
    Water,
}

/// <summary>
/// The attribute vocabulary of the world: the word for every shape, colour, size and place, the exact RGB
/// colour every object colour is drawn with, and parsing from words (case-insensitive) with clear errors.
/// </summary>
public static class Attributes
{
    /// <summary>All shapes, in enum order.</summary>
    public static IReadOnlyList<ObjectShape> Shapes { get; } = Enum.GetValues<ObjectShape>();
    /// <summary>All colours, in enum order.</summary>
    public static IReadOnlyList<ObjectColor> Colors { get; } = Enum.GetValues<ObjectColor>();
    /// <summary>All sizes, in enum order.</summary>
    public static IReadOnlyList<ObjectSize> Sizes { get; } = Enum.GetValues<ObjectSize>();
    /// <summary>All places except <see cref="Place.Plain"/>.</summary>
    public static IReadOnlyList<Place> Places { get; } = Enum.GetValues<Place>().Where(p => p != Place.Plain).ToArray();

    /// <summary>The word for a shape, e.g. "circle".</summary>
    public static string Word(ObjectShape shape) => shape.ToString().ToLowerInvariant();
    /// <summary>The word for a colour, e.g. "red".</summary>
    public static string Word(ObjectColor color) => color.ToString().ToLowerInvariant();
    /// <summary>The word for a size: "small" or "large".</summary>
    public static string Word(ObjectSize size) => size.ToString().ToLowerInvariant();
    /// <summary>The word for a place, e.g. "grass" ("plain" for no place).</summary>
    public static string Word(Place place) => place.ToString().ToLowerInvariant();

    /// <summary>The plural of a shape word: "circles", "crosses".</summary>
    public static string Plural(ObjectShape shape) => shape == ObjectShape.Cross ? "crosses" : Word(shape) + "s";

    /// <summary>The exact RGB an object of this colour is drawn with (flat, no anti-aliasing, so masks are exact).</summary>
    public static (byte R, byte G, byte B) Rgb(ObjectColor color) => color switch
    {
        ObjectColor.Red => (230, 40, 40),
        ObjectColor.Orange => (245, 140, 20),
        ObjectColor.Yellow => (240, 225, 40),
        ObjectColor.Green => (40, 190, 60),
        ObjectColor.Blue => (50, 90, 235),
        ObjectColor.Purple => (150, 60, 200),
        ObjectColor.White => (245, 245, 245),
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, "Unknown colour."),
    };

    /// <summary>Parses a shape word ("circle"); throws naming <paramref name="field"/> and the known shapes otherwise.</summary>
    public static ObjectShape ParseShape(string word, string field = "shape") => Parse<ObjectShape>(word, field, "shape");
    /// <summary>Parses a colour word ("red"); throws naming <paramref name="field"/> and the known colours otherwise.</summary>
    public static ObjectColor ParseColor(string word, string field = "color") => Parse<ObjectColor>(word, field, "colour");
    /// <summary>Parses a place word ("grass", "plain"); throws naming <paramref name="field"/> and the known places otherwise.</summary>
    public static Place ParsePlace(string word, string field = "place") => Parse<Place>(word, field, "place");

    private static T Parse<T>(string word, string field, string what) where T : struct, Enum
    {
        if (!string.IsNullOrWhiteSpace(word) && Enum.TryParse<T>(word.Trim(), ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(word, out _))
            return v;
        var known = string.Join(", ", Enum.GetValues<T>().Select(x => x.ToString().ToLowerInvariant()));
        throw new ArgumentException($"{field}: '{word}' is not a {what} of the world; known {what}s: {known}.", field);
    }
}
