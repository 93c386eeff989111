using MultiModal.Models.Encoders;
using MultiModal.Tensors;
using MultiModal.World;
using TorchSharp;
using static TorchSharp.torch;

namespace MultiModal.Models.Generation;

/// <summary>
/// The GAN's text encoder φ: a sentence → one fixed vector, the mean of its words' pre-trained vectors (notebook 02's
/// skip-gram), standardised per dimension with the mean μ and standard deviation σ over all of the world's object
/// descriptions (size × colour × shape), so every dimension the generator sees has a comparable scale:
/// <code>
/// φ(s) = (mean_{w ∈ s} v_w − μ) / σ
/// </code>
/// Reed et al. train a char-CNN-RNN for φ on captions; a mean of word vectors is enough for descriptions of three
/// words. A word the vectors do not know is refused (it would otherwise become the unknown token's vector silently).
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly WordVectors _vectors;
    private readonly Tensor _mean;
    private readonly Tensor _std;

    /// <param name="vectors">The course's word vectors (<see cref="PretrainedWordVectors.Load"/>).</param>
    public SentenceEncoder(WordVectors vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _vectors = vectors;
        var descriptions = (from size in Enum.GetValues<ObjectSize>()
                            from color in Attributes.Colors
                            from shape in Attributes.Shapes
                            select $"{Attributes.Word(size)} {Attributes.Word(color)} {Attributes.Word(shape)}").ToArray();
        using var scope = NewDisposeScope();
        var means = stack(descriptions.Select(d => MeanVector(d)).ToArray());        // (70, dim)
        _mean = means.mean([0L]).MoveToOuterDisposeScope();                           // (dim)
        _std = means.std([0L]).clamp_min(Scalars.Constant(1e-6)).MoveToOuterDisposeScope();  // (dim)
    }

    /// <summary>The size of φ.</summary>
    public int Dim => _vectors.Dim;

    /// <summary>φ of one sentence, (dim).</summary>
    /// <exception cref="ArgumentException">An empty sentence, or a word outside the vocabulary (named).</exception>
    public Tensor Encode(string sentence)
    {
        using var scope = NewDisposeScope();
        var v = MeanVector(sentence);                                                 // (dim)
        return ((v - _mean) / _std).MoveToOuterDisposeScope();                        // (dim)
    }

    /// <summary>φ of every sentence, (n, dim).</summary>
    public Tensor Encode(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0) throw new ArgumentException("no sentences to encode.", nameof(sentences));
        using var scope = NewDisposeScope();
        return stack(sentences.Select(Encode).ToArray()).MoveToOuterDisposeScope();   // (n, dim)
    }

    private Tensor MeanVector(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var words = Vocabulary.Tokenize(sentence);
        if (words.Count == 0)
            throw new ArgumentException($"the GAN's text encoder got an empty sentence (\"{sentence}\"); describe an object, e.g. \"large yellow square\".", nameof(sentence));
        var unknown = words.Where(w => !_vectors.Vocabulary.Contains(w)).Distinct().ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"the GAN's text encoder knows only the world's words; {string.Join(", ", unknown.Select(w => $"\"{w}\""))} in \"{sentence}\" is not one of them. " +
                $"Use sizes ({string.Join(", ", Enum.GetValues<ObjectSize>().Select(Attributes.Word))}), colours ({string.Join(", ", Attributes.Colors.Select(Attributes.Word))}) and shapes ({string.Join(", ", Attributes.Shapes.Select(Attributes.Word))}).", nameof(sentence));
        return _vectors.Mean(words);                                                  // (dim)
    }

    /// <summary>Frees μ and σ (the word vectors belong to the caller).</summary>
    public void Dispose()
    {
        _mean.Dispose();
        _std.Dispose();
    }
}
