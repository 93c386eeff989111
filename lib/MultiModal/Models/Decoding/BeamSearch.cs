using TorchSharp;
using static TorchSharp.torch;
using static MultiModal.Tensors.Scalars;

namespace MultiModal.Models.Decoding;

/// <summary>
/// Beam search: keep the <c>beamWidth</c> most probable partial captions instead of only the best one. At every step
/// each live beam is extended by every token, the candidates are scored by their total log-probability, and the best
/// ones survive; a beam that emits the end token is complete and leaves the search (so fewer beams stay live, as in
/// sgrvinod's tutorial). With width 1 this is exactly greedy decoding; wider beams can find captions that greedy
/// misses because their first word was not the single most probable one.
/// </summary>
public static class BeamSearch
{
    private sealed record Hypothesis(List<int> Words, double LogProb, List<Tensor> AttentionRows, bool Finished);

    /// <summary>
    /// Runs beam search for <b>one</b> sequence.
    /// </summary>
    /// <param name="step">The decoder's step function (called with all live beams as one batch).</param>
    /// <param name="initialState">State tensors of one sequence: dim 0 has size 1.</param>
    /// <param name="tokens">Start and end token ids.</param>
    /// <param name="beamWidth">Number of beams (≥ 1).</param>
    /// <param name="maxLength">Maximum number of generated tokens (including the end token).</param>
    /// <param name="lengthPenalty">Rank complete captions by logProb / length^lengthPenalty; 0 (default) ranks by the
    /// plain sum of log-probabilities, which favours short captions slightly.</param>
    /// <returns>Complete captions, best first (if none finished within <paramref name="maxLength"/>: the live beams,
    /// marked unfinished). Attention maps (words, g, g) when the step reports attention.</returns>
    public static IReadOnlyList<Caption> Decode(DecoderStep step, Tensor[] initialState, SpecialTokens tokens,
        int beamWidth = 3, int maxLength = 20, double lengthPenalty = 0.0)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(tokens);
        if (beamWidth < 1)
            throw new ArgumentOutOfRangeException(nameof(beamWidth), beamWidth, $"Beam width must be at least 1 (1 = greedy decoding), got {beamWidth}.");
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "maxLength must be at least 1 token.");
        if (initialState.Length == 0 || initialState[0].shape[0] != 1)
            throw new ArgumentException($"Beam search decodes one sequence at a time: expected state tensors with size 1 along dim 0, got [{(initialState.Length == 0 ? "" : string.Join(", ", initialState[0].shape))}].", nameof(initialState));

        using var scope = NewDisposeScope();
        var live = new List<Hypothesis> { new([], 0.0, [], false) };
        var complete = new List<Hypothesis>();
        var previous = tensor(new long[] { tokens.Start });                    // (beams = 1)
        var state = initialState;
        long numPixels = -1;                                                  // set when the step reports attention
        for (var t = 0; t < maxLength; t++)
        {
            var output = step(previous, state);                               // LogProbs (beams, vocab)
            GreedyDecoder.CheckVocabulary(output.LogProbs, live.Count);
            var vocab = output.LogProbs.shape[1];
            if (output.Attention is { } att) numPixels = att.shape[1];
            var scores = tensor(live.Select(h => h.LogProb).ToArray(), dtype: float64); // (beams)
            var candidates = output.LogProbs.to(float64).Plus(scores.unsqueeze(1)); // (beams, vocab): total log p of every extension
            var keep = (int)Math.Min(beamWidth - complete.Count, candidates.numel());
            var (topScores, topIndex) = candidates.flatten().topk(keep);       // (keep), (keep)
            var scoreValues = topScores.data<double>().ToArray();
            var indexValues = topIndex.data<long>().ToArray();
            var survivors = new List<Hypothesis>();
            var survivorBeams = new List<long>();
            var survivorTokens = new List<long>();
            for (var j = 0; j < keep; j++)
            {
                var beam = (int)(indexValues[j] / vocab);
                var token = (int)(indexValues[j] % vocab);
                var parent = live[beam];
                if (token == tokens.End)
                {
                    complete.Add(new Hypothesis(parent.Words, scoreValues[j], parent.AttentionRows, true));
                    continue;
                }
                var rows = output.Attention is { } a ? [.. parent.AttentionRows, a[beam].detach()] : parent.AttentionRows; // rows of (numPixels)
                survivors.Add(new Hypothesis([.. parent.Words, token], scoreValues[j], rows, false));
                survivorBeams.Add(beam);
                survivorTokens.Add(token);
            }
            live = survivors;
            if (live.Count == 0 || complete.Count >= beamWidth) break;
            var index = tensor(survivorBeams.ToArray());                      // (live)
            state = output.State.Select(s => s.index_select(0, index)).ToArray(); // every tensor (live, ...)
            previous = tensor(survivorTokens.ToArray());                      // (live)
        }
        var pool = complete.Count > 0 ? complete : live;
        return pool
            .OrderByDescending(h => Rank(h, lengthPenalty))
            .Select(h => new Caption(h.Words.ToArray(), h.LogProb, h.Finished, numPixels < 0 ? null :
                GreedyDecoder.AsMaps(h.AttentionRows.Count > 0 ? stack(h.AttentionRows) : zeros(0, numPixels)).MoveToOuterDisposeScope())) // (words, g, g)
            .ToList();
    }

    private static double Rank(Hypothesis h, double lengthPenalty)
    {
        if (lengthPenalty == 0) return h.LogProb;
        var length = h.Words.Count + (h.Finished ? 1 : 0);
        return h.LogProb / Math.Pow(Math.Max(1, length), lengthPenalty);
    }
}
