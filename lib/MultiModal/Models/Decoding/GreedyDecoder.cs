using TorchSharp;
using static TorchSharp.torch;
using MultiModal.Tensors;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Decoding;

/// <summary>
/// Greedy decoding: at every step take the single most probable next token, feed it back, stop at the end token or
/// at <c>maxLength</c>. Decodes a whole batch at once (fast for evaluating a test split). Works with any
/// <see cref="DecoderStep"/>; the captioning models call it from their <c>Greedy</c> methods.
/// </summary>
public static class GreedyDecoder
{
    /// <summary>
    /// Decodes every sequence of the batch greedily.
    /// </summary>
    /// <param name="step">The decoder's step function.</param>
    /// <param name="initialState">State tensors with the batch along dim 0 (e.g. after the image was fed in).</param>
    /// <param name="tokens">Start and end token ids.</param>
    /// <param name="maxLength">Maximum number of generated tokens (including the end token).</param>
    /// <returns>One caption per sequence; attention maps (words, g, g) when the step reports attention over g·g positions.</returns>
    public static Caption[] Decode(DecoderStep step, Tensor[] initialState, SpecialTokens tokens, int maxLength = 20)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(tokens);
        if (initialState.Length == 0) throw new ArgumentException("The decoder state is empty: expected at least one tensor with the batch along dim 0.", nameof(initialState));
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be at least 1 token.");
        var batch = (int)initialState[0].shape[0];
        var words = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var logProb = new double[batch];
        var finished = new bool[batch];
        using var scope = NewDisposeScope();
        var previous = full(batch, Constant(tokens.Start), dtype: int64);                // (batch)
        var state = initialState;
        var attentionSteps = new List<Tensor>();                              // each (batch, numPixels)
        for (var t = 0; t < maxLength && !finished.All(f => f); t++)
        {
            var output = step(previous, state);                               // LogProbs (batch, vocab)
            CheckVocabulary(output.LogProbs, batch);
            var (best, next) = output.LogProbs.max(1);                        // (batch), (batch)
            var bestValues = best.to(float64).data<double>().ToArray();
            var nextIds = next.data<long>().ToArray();
            for (var i = 0; i < batch; i++)
            {
                if (finished[i]) continue;
                logProb[i] += bestValues[i];
                if (nextIds[i] == tokens.End) finished[i] = true;
                else words[i].Add((int)nextIds[i]);
            }
            if (output.Attention is { } a) attentionSteps.Add(a.detach());   // (batch, numPixels)
            state = output.State;
            previous = next;                                                  // (batch)
        }
        var attention = attentionSteps.Count > 0 ? stack(attentionSteps, 1) : null; // (batch, steps, numPixels)
        var result = new Caption[batch];
        for (var i = 0; i < batch; i++)
            result[i] = new Caption(words[i].ToArray(), logProb[i], finished[i],
                attention is null ? null : AsMaps(attention[i].narrow(0, 0, words[i].Count)).MoveToOuterDisposeScope());
        return result;
    }

    /// <summary>(words, numPixels) → (words, g, g) when numPixels is a square g², else unchanged; float32, detached.</summary>
    internal static Tensor AsMaps(Tensor rows)
    {
        var numPixels = rows.shape[1];
        var g = (long)Math.Round(Math.Sqrt(numPixels));
        var maps = g * g == numPixels ? rows.reshape(rows.shape[0], g, g) : rows; // (words, g, g)
        return maps.to(float32).detach().clone();
    }

    /// <summary>Throws when a step returned log-probabilities of the wrong shape or over an empty vocabulary.</summary>
    internal static void CheckVocabulary(Tensor logProbs, long beams)
    {
        if (logProbs.dim() != 2 || logProbs.shape[0] != beams)
            throw new InvalidOperationException($"The decoder step must return log-probabilities of shape [{beams}, vocabSize], got {logProbs.ShapeText()}.");
        if (logProbs.shape[1] == 0)
            throw new ArgumentException("The vocabulary is empty: the decoder returned log-probabilities over 0 tokens.");
    }
}
