namespace MultiModal.World;

/// <summary>
/// Pronunciations: every word of the world's captions and questions is spoken as a fixed sequence of
/// <see cref="SpeechUnits"/> (1 unit for words of up to 3 letters, 2 up to 6 letters, else 3). The assignment is
/// deterministic and no two words share a pronunciation, so units → words is unambiguous.
/// <code>
/// int[] units = Lexicon.Default.Transcribe("a red circle");   // e.g. [7, 21, 3, 14, 28, 2]
/// string spelled = SpeechUnits.Spell(units);                    // "di so ba ...", see Lexicon.Default.Pronounce
/// </code>
/// </summary>
public sealed class Lexicon
{
    private readonly Dictionary<string, int[]> _units = new(StringComparer.Ordinal);

    /// <summary>A lexicon for <paramref name="words"/> (order matters: earlier words get first pick).</summary>
    public Lexicon(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words.Distinct())
        {
            var length = word.Length <= 3 ? 1 : word.Length <= 6 ? 2 : 3;
            var rng = WorldRandom.For(0, "lexicon/" + word, 0);
            int[] units;
            do units = Enumerable.Range(0, length).Select(_ => rng.Next(SpeechUnits.Count)).ToArray();
            while (!used.Add(string.Join(',', units)));
            _units[word] = units;
        }
    }

    /// <summary>The lexicon of every caption and question word.</summary>
    public static Lexicon Default { get; } = new(CaptionGrammar.Words.Concat(QuestionGenerator.Words).Where(w => w != "?"));

    /// <summary>The words this lexicon can pronounce.</summary>
    public IReadOnlyCollection<string> Words => _units.Keys;

    /// <summary>The units of one word; throws naming the word if it has no pronunciation.</summary>
    public IReadOnlyList<int> Pronounce(string word) =>
        _units.TryGetValue(word, out var u) ? u : throw new ArgumentException($"The lexicon has no pronunciation for '{word}'.", nameof(word));

    /// <summary>The units of a text, word after word (punctuation tokens are skipped).</summary>
    public int[] Transcribe(string text) => Vocabulary.Tokenize(text).Where(t => char.IsLetter(t[0])).SelectMany(Pronounce).ToArray();

    /// <summary>The unit sequence of each word of a text.</summary>
    public IReadOnlyList<IReadOnlyList<int>> TranscribeWords(string text) => Vocabulary.Tokenize(text).Where(t => char.IsLetter(t[0])).Select(Pronounce).ToArray();
}
