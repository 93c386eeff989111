namespace MultiModal.World;

/// <summary>One syllable-like sub-word unit: a consonant onset followed by a vowel, e.g. "ka".</summary>
/// <param name="Id">Index in <see cref="SpeechUnits.All"/> (0-based; models usually add special tokens in front).</param>
/// <param name="Name">Consonant + vowel, e.g. "ka".</param>
/// <param name="Consonant">The onset: b, d, k, s, m or l.</param>
/// <param name="Vowel">The vowel: a, e, i, o or u.</param>
public sealed record SpeechUnit(int Id, string Name, char Consonant, char Vowel);

/// <summary>
/// The inventory of sub-word speech units (§3.3.2): 6 consonant onsets × 5 vowels = 30 syllables with distinct
/// spectral patterns. Onsets: b (voiced low burst), d (high burst ~3.5 kHz), k (silence then mid burst ~1.8 kHz),
/// s (90 ms hiss ~5.5 kHz), m (nasal murmur ~250 Hz), l (voiced glide, formants 360/1000/2600 Hz).
/// Vowels by formants F1/F2/F3 (Hz, before a speaker's formant scale): a 730/1090/2440, e 530/1840/2480,
/// i 270/2290/3010, o 570/840/2410, u 300/870/2240.
/// </summary>
public static class SpeechUnits
{
    /// <summary>The consonant onsets, in unit order.</summary>
    public static IReadOnlyList<char> Consonants { get; } = ['b', 'd', 'k', 's', 'm', 'l'];
    /// <summary>The vowels, in unit order.</summary>
    public static IReadOnlyList<char> Vowels { get; } = ['a', 'e', 'i', 'o', 'u'];

    /// <summary>All units; unit id = consonant index × 5 + vowel index.</summary>
    public static IReadOnlyList<SpeechUnit> All { get; } =
        Consonants.SelectMany((c, ci) => Vowels.Select((v, vi) => new SpeechUnit(ci * Vowels.Count + vi, $"{c}{v}", c, v))).ToArray();

    /// <summary>Number of units (30).</summary>
    public static int Count => All.Count;

    /// <summary>The unit with this name ("ka"); throws listing the inventory otherwise.</summary>
    public static SpeechUnit Parse(string name) =>
        All.FirstOrDefault(u => u.Name == name?.Trim().ToLowerInvariant())
        ?? throw new ArgumentException($"'{name}' is not a speech unit; units are {string.Join(" ", All.Select(u => u.Name))}.", nameof(name));

    /// <summary>Formant frequencies F1, F2, F3 in Hz of a vowel (before a speaker's formant scale).</summary>
    public static (double F1, double F2, double F3) Formants(char vowel) => vowel switch
    {
        'a' => (730, 1090, 2440),
        'e' => (530, 1840, 2480),
        'i' => (270, 2290, 3010),
        'o' => (570, 840, 2410),
        'u' => (300, 870, 2240),
        _ => throw new ArgumentOutOfRangeException(nameof(vowel), vowel, "vowels are a, e, i, o, u."),
    };

    /// <summary>Unit names of a sequence of ids, joined by spaces ("ka mi lo").</summary>
    public static string Spell(IEnumerable<int> units) => string.Join(' ', units.Select(u => All[u].Name));
}
