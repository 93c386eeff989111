using static TorchSharp.torch;

namespace MultiModal.Models.Decoding;

/// <summary>
/// One generated caption: the word ids (without the start and end tokens), its total log-probability, whether the
/// model emitted the end token, and — for attention models — the attention map of every word.
/// </summary>
/// <param name="Tokens">The generated word ids, start and end tokens excluded.</param>
/// <param name="LogProb">Sum of the log-probabilities of the generated tokens, including the end token if emitted.</param>
/// <param name="Finished">True if decoding stopped at the end token (false: the length limit cut it).</param>
/// <param name="Attention">(words, gridSize, gridSize) float32: where the model looked while producing each word in
/// <paramref name="Tokens"/> (each map sums to 1); null for models without attention.</param>
public sealed record Caption(int[] Tokens, double LogProb, bool Finished, Tensor? Attention)
{
    /// <summary>Number of generated words.</summary>
    public int Length => Tokens.Length;

    /// <summary>The caption as text, given a function from token id to word (e.g. the vocabulary's lookup).</summary>
    public string ToText(Func<int, string> word) => string.Join(' ', Tokens.Select(word));

    /// <inheritdoc />
    public override string ToString() =>
        $"Caption [{string.Join(", ", Tokens)}] log p = {LogProb:F3}{(Finished ? "" : " (cut at max length)")}";
}
