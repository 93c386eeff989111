using static TorchSharp.torch;

namespace MultiModal.World;

/// <summary>
/// A vocabulary and tokeniser: maps words to integer ids and back. Ids 0–3 are the special tokens
/// <c>&lt;pad&gt;</c> (padding), <c>&lt;start&gt;</c>, <c>&lt;end&gt;</c> and <c>&lt;unk&gt;</c> (a word not in the vocabulary);
/// the words follow in the order given.
/// <code>
/// var vocab = Vocabulary.Captions;
/// int[] ids = vocab.Encode("a red circle");      // [1, 4, 27, 9, 2]  (&lt;start&gt; a red circle &lt;end&gt;)
/// string text = vocab.Decode(ids);               // "a red circle"
/// using var batch = vocab.EncodeBatch(["a red circle", "there are two objects"]);   // int64 [2, 6]
/// </code>
/// </summary>
public sealed class Vocabulary
{
    /// <summary>Padding token (id 0): fills sequences up to a common length; losses ignore it.</summary>
    public const string Pad = "<pad>";
    /// <summary>Start-of-sentence token (id 1): the decoder's first input.</summary>
    public const string Start = "<start>";
    /// <summary>End-of-sentence token (id 2): the decoder stops after emitting it.</summary>
    public const string End = "<end>";
    /// <summary>Unknown-word token (id 3).</summary>
    public const string Unknown = "<unk>";
    /// <summary>Id of <see cref="Pad"/>.</summary>
    public const int PadId = 0;
    /// <summary>Id of <see cref="Start"/>.</summary>
    public const int StartId = 1;
    /// <summary>Id of <see cref="End"/>.</summary>
    public const int EndId = 2;
    /// <summary>Id of <see cref="Unknown"/>.</summary>
    public const int UnknownId = 3;

    private readonly string[] _tokens;
    private readonly Dictionary<string, int> _ids;

    /// <summary>A vocabulary of the special tokens followed by <paramref name="words"/> (repeats and empty strings dropped).</summary>
    public Vocabulary(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var list = new List<string> { Pad, Start, End, Unknown };
        foreach (var w in words)
            if (!string.IsNullOrWhiteSpace(w) && !list.Contains(w)) list.Add(w);
        _tokens = [.. list];
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _tokens.Length; i++) _ids[_tokens[i]] = i;
    }

    /// <summary>The vocabulary of every caption the world can write (<see cref="CaptionGrammar.Words"/>).</summary>
    public static Vocabulary Captions { get; } = new(CaptionGrammar.Words);
    /// <summary>
    /// The vocabulary of every text the world writes about scenes and dishes: caption words
    /// (<see cref="CaptionGrammar.Words"/>) then recipe words (<see cref="RecipeBook.Words"/>) — the words of the
    /// course's pre-trained word vectors.
    /// </summary>
    public static Vocabulary Text { get; } = new(CaptionGrammar.Words.Concat(RecipeBook.Words));
    /// <summary>The vocabulary of every question the world can ask (<see cref="QuestionGenerator.Words"/>).</summary>
    public static Vocabulary Questions { get; } = new(QuestionGenerator.Words);

    /// <summary>Number of tokens including the four special ones.</summary>
    public int Count => _tokens.Length;
    /// <summary>All tokens, by id.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The id of a token (<see cref="UnknownId"/> if absent).</summary>
    public int this[string token] => _ids.TryGetValue(token, out var id) ? id : UnknownId;
    /// <summary>The token of an id.</summary>
    public string this[int id] => (uint)id < (uint)_tokens.Length ? _tokens[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"ids go from 0 to {_tokens.Length - 1}.");

    /// <summary>True when the word is in the vocabulary.</summary>
    public bool Contains(string token) => _ids.ContainsKey(token);

    /// <summary>Splits text into tokens: lower-case, split at white space, with "?", ",", "." and "!" as tokens of their own.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spaced = text.ToLowerInvariant().Replace("?", " ? ").Replace(",", " , ").Replace(".", " . ").Replace("!", " ! ");
        return spaced.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Token ids of <paramref name="text"/>, wrapped in &lt;start&gt; … &lt;end&gt; unless <paramref name="addStartEnd"/> is false.</summary>
    public int[] Encode(string text, bool addStartEnd = true)
    {
        var ids = Tokenize(text).Select(t => this[t]);
        return addStartEnd ? [StartId, .. ids, EndId] : [.. ids];
    }

    /// <summary>The text of a sequence of ids: stops at &lt;end&gt;, skips &lt;pad&gt; and &lt;start&gt;.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var words = new List<string>();
        foreach (var id in ids)
        {
            if (id == EndId) break;
            if (id is PadId or StartId) continue;
            words.Add(this[id]);
        }
        return string.Join(' ', words);
    }

    /// <summary>The text of a sequence of int64 ids (e.g. a row of a caption tensor).</summary>
    public string Decode(IEnumerable<long> ids) => Decode(ids.Select(i => (int)i));

    /// <summary>
    /// Encodes texts (with &lt;start&gt;/&lt;end&gt;) into an int64 tensor of shape [batch, maxLen], right-padded with
    /// <see cref="PadId"/>; <paramref name="maxLen"/> defaults to the longest sequence; longer ones are cut and keep &lt;end&gt; as their last token.
    /// </summary>
    public Tensor EncodeBatch(IReadOnlyList<string> texts, int? maxLen = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Batches.Tokens(texts.Select(t => Encode(t)).ToArray(), maxLen);
    }
}
