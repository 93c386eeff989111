namespace MultiModal.Metrics;

/// <summary>
/// Corpus BLEU-1 … BLEU-N with the counts behind it.
/// </summary>
/// <param name="Scores">BLEU-n for n = 1 … N (index n − 1): geometric mean of the clipped precisions up to n, times the brevity penalty.</param>
/// <param name="Matches">Clipped n-gram matches summed over the corpus, per order n.</param>
/// <param name="Totals">Hypothesis n-grams summed over the corpus, per order n.</param>
/// <param name="HypothesisLength">Total words in the hypotheses (c).</param>
/// <param name="ReferenceLength">Total effective reference length (r): for each hypothesis the closest reference length.</param>
/// <param name="BrevityPenalty">exp(1 − r/c) if c &lt; r, else 1.</param>
public sealed record BleuScore(double[] Scores, long[] Matches, long[] Totals, long HypothesisLength, long ReferenceLength, double BrevityPenalty)
{
    /// <summary>BLEU-1.</summary>
    public double Bleu1 => Scores[0];
    /// <summary>BLEU-2 (NaN if fewer orders were computed).</summary>
    public double Bleu2 => Scores.Length > 1 ? Scores[1] : double.NaN;
    /// <summary>BLEU-3 (NaN if fewer orders were computed).</summary>
    public double Bleu3 => Scores.Length > 2 ? Scores[2] : double.NaN;
    /// <summary>BLEU-4, the number papers report (NaN if fewer orders were computed).</summary>
    public double Bleu4 => Scores.Length > 3 ? Scores[3] : double.NaN;

    /// <summary>Clipped precision of order n (1-based): Matches / Totals (0 when there are no n-grams).</summary>
    public double Precision(int n) => Totals[n - 1] == 0 ? 0 : (double)Matches[n - 1] / Totals[n - 1];

    /// <inheritdoc />
    public override string ToString() =>
        $"BLEU-1..{Scores.Length}: {string.Join(" / ", Scores.Select(s => s.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))} (BP {BrevityPenalty:F3}, c = {HypothesisLength}, r = {ReferenceLength})";
}
