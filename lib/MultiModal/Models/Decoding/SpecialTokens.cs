using MultiModal.World;

namespace MultiModal.Models.Decoding;

/// <summary>
/// The ids of the three tokens every captioning model needs: the start token fed as the first word, the end token
/// that stops decoding, and the padding that fills short captions in a batch (ignored by the loss). Take them from
/// the world's vocabulary (<see cref="Of"/>); the models never need the vocabulary itself.
/// </summary>
/// <param name="Start">Id of the start token (<c>&lt;start&gt;</c>).</param>
/// <param name="End">Id of the end token (<c>&lt;end&gt;</c>).</param>
/// <param name="Pad">Id of the padding token (<c>&lt;pad&gt;</c>).</param>
public sealed record SpecialTokens(int Start, int End, int Pad)
{
    /// <summary>The start, end and pad ids of <paramref name="vocabulary"/> (e.g. <c>SpecialTokens.Of(Vocabulary.Captions)</c>).</summary>
    public static SpecialTokens Of(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new SpecialTokens(vocabulary[Vocabulary.Start], vocabulary[Vocabulary.End], vocabulary[Vocabulary.Pad]);
    }

    /// <summary>
    /// Checks the ids against a vocabulary of <paramref name="vocabSize"/> tokens and throws an
    /// <see cref="ArgumentException"/> that says what is wrong (an empty vocabulary, an id out of range, two equal ids).
    /// </summary>
    public void Validate(int vocabSize)
    {
        if (vocabSize <= 0)
            throw new ArgumentException($"The vocabulary is empty (vocabSize = {vocabSize}): a captioning model needs at least the start, end and pad tokens and one word.", nameof(vocabSize));
        foreach (var (name, id) in new[] { ("Start", Start), ("End", End), ("Pad", Pad) })
            if (id < 0 || id >= vocabSize)
                throw new ArgumentException($"SpecialTokens.{name} = {id} is not a token id of a vocabulary of {vocabSize} tokens (expected 0 … {vocabSize - 1}).");
        if (Start == End || Start == Pad || End == Pad)
            throw new ArgumentException($"The start ({Start}), end ({End}) and pad ({Pad}) tokens must be three different ids.");
        if (vocabSize < 4)
            throw new ArgumentException($"A vocabulary of {vocabSize} tokens holds only the special tokens: there are no words to generate.", nameof(vocabSize));
    }
}
