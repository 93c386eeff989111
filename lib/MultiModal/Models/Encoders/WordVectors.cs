using System.Text.Json;
using MultiModal.Tensors;
using MultiModal.Training;
using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Encoders;

/// <summary>
/// Pre-trained word vectors: one row per token of a <see cref="World.Vocabulary"/> (the special tokens and any word
/// never seen in training keep small random vectors — <see cref="World.Vocabulary.Unknown"/> is the vector of every
/// word outside the vocabulary). Ask which words are near a word (<see cref="Nearest"/>), do analogies
/// (<see cref="Analogy"/>), or embed a bag of words by its mean (<see cref="Mean"/>).
/// </summary>
public sealed class WordVectors : IDisposable
{
    /// <summary>Checkpoint kind written by <see cref="Save"/>.</summary>
    public const string CheckpointKind = "WordVectors";

    private readonly Tensor _unit;                                                 // (vocabSize, dim), rows L2-normalised

    /// <summary>Wraps a (vocabSize, dim) matrix whose row i is the vector of token i of <paramref name="vocabulary"/>.</summary>
    public WordVectors(Vocabulary vocabulary, Tensor vectors)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.dim() != 2 || vectors.shape[0] != vocabulary.Count)
            throw new ArgumentException($"expected one vector per token: shape [{vocabulary.Count}, dim], got {vectors.ShapeText()}.", nameof(vectors));
        Vocabulary = vocabulary;
        using (var detached = vectors.detach())
        using (var single = detached.to(float32))
            Vectors = single.clone();                                                // (vocab, dim), owned by these vectors
        _unit = nn.functional.normalize(Vectors, dim: 1);
    }

    /// <summary>The words, by id.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>(vocabSize, dim) float32: row i is the vector of token i.</summary>
    public Tensor Vectors { get; }

    /// <summary>The vector size.</summary>
    public int Dim => (int)Vectors.shape[1];

    /// <summary>The vector of one word, (dim); a word outside the vocabulary gets the vector of <see cref="World.Vocabulary.Unknown"/>.</summary>
    public Tensor this[string word] => Vectors[Vocabulary[word]];

    /// <summary>
    /// The mean vector of some words (dim) — the simplest sentence or tag-set encoder. Words outside the vocabulary
    /// count as <see cref="World.Vocabulary.Unknown"/>.
    /// </summary>
    public Tensor Mean(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var ids = words.Select(w => (long)Vocabulary[w]).ToArray();
        if (ids.Length == 0) throw new ArgumentException("Mean of no words: give at least one word (an empty caption or tag set has no vector).", nameof(words));
        return Vectors.index_select(0, tensor(ids)).mean([0L]);                    // (dim)
    }

    /// <summary>The <paramref name="k"/> words most similar (cosine) to <paramref name="word"/>, itself and special tokens excluded.</summary>
    public IReadOnlyList<(string Word, double Cosine)> Nearest(string word, int k = 5)
    {
        Require(word);
        using var scope = NewDisposeScope();
        return Closest(_unit[Vocabulary[word]], k, [word]);
    }

    /// <summary>
    /// "a is to b as c is to ?": the words nearest to v_b − v_a + v_c (cosine), the three question words excluded
    /// (e.g. <c>Analogy("red", "blue", "tomato")</c>).
    /// </summary>
    public IReadOnlyList<(string Word, double Cosine)> Analogy(string a, string b, string c, int k = 3)
    {
        Require(a); Require(b); Require(c);
        using var scope = NewDisposeScope();
        var query = (_unit[Vocabulary[b]] - _unit[Vocabulary[a]]).Plus(_unit[Vocabulary[c]]);   // (dim)
        return Closest(nn.functional.normalize(query, dim: 0), k, [a, b, c]);
    }

    private IReadOnlyList<(string Word, double Cosine)> Closest(Tensor unitQuery, int k, string[] exclude)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "ask for at least 1 word.");
        var cos = _unit.matmul(unitQuery).ToDoubles();                             // one cosine per token
        return Enumerable.Range(0, cos.Length)
            .Where(i => i > Vocabulary.UnknownId && !exclude.Contains(Vocabulary[i]))
            .OrderByDescending(i => cos[i]).Take(k)
            .Select(i => (Vocabulary[i], cos[i])).ToArray();
    }

    private void Require(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (!Vocabulary.Contains(word) || Vocabulary[word] <= Vocabulary.UnknownId)
            throw new ArgumentException($"'{word}' is not a word of these vectors' vocabulary ({Vocabulary.Count - 4} words, e.g. {string.Join(", ", Vocabulary.Tokens.Skip(4).Take(5))}).", nameof(word));
    }

    /// <summary>Saves the vectors and their vocabulary to <paramref name="path"/> (a <see cref="Checkpoint"/>).</summary>
    public void Save(string path)
    {
        using var holder = new VectorTable(Vectors);
        Checkpoint.Save(holder, path, CheckpointKind, JsonSerializer.Serialize(new Header(Vocabulary.Tokens.Skip(4).ToArray(), Dim)));
    }

    /// <summary>Loads vectors saved with <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">Not a word-vector checkpoint, or damaged.</exception>
    public static WordVectors Load(string path)
    {
        var (kind, json) = Checkpoint.ReadHeader(path);
        if (kind != CheckpointKind) throw new InvalidDataException($"'{path}' holds a {kind}, not {CheckpointKind}.");
        Header header;
        try { header = JsonSerializer.Deserialize<Header>(json) ?? throw new JsonException("no header"); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' has an unreadable word list.", e); }
        if (header.Words is null || header.Dim < 1) throw new InvalidDataException($"'{path}' has no word list or no vector size.");
        var vocabulary = new Vocabulary(header.Words);
        if (vocabulary.Count != header.Words.Length + 4) throw new InvalidDataException($"'{path}' lists repeated or special words: it was not written by WordVectors.Save.");
        using var holder = new VectorTable(zeros(vocabulary.Count, header.Dim));
        Checkpoint.LoadInto(holder, path, CheckpointKind);
        return new WordVectors(vocabulary, holder.Table);
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Vectors.Dispose();
        _unit.Dispose();
    }

    // What the checkpoint's header stores: the words (special tokens excluded) and the vector size.
    private sealed record Header(string[] Words, int Dim);

    // The module form of the table, for the checkpoint format.
    private sealed class VectorTable : nn.Module
    {
        public TorchSharp.Modules.Parameter Table { get; }

        public VectorTable(Tensor table) : base(nameof(VectorTable))
        {
            Table = new TorchSharp.Modules.Parameter(table.detach().clone(), requires_grad: false);
            RegisterComponents();
        }
    }
}
