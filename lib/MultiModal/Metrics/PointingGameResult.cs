namespace MultiModal.Metrics;

/// <summary>
/// Per-word outcome of the <see cref="PointingGame"/>: true/false for words that name an object, null for the
/// others. Results of many captions add up with <see cref="Combine"/>.
/// </summary>
/// <param name="PerWord">One entry per word: null = names no object, true = attention peak on the object.</param>
public sealed record PointingGameResult(bool?[] PerWord)
{
    /// <summary>Words that name an object (the ones scored).</summary>
    public int Scored => PerWord.Count(p => p.HasValue);

    /// <summary>Scored words whose attention peak was on their object.</summary>
    public int Correct => PerWord.Count(p => p == true);

    /// <summary>Correct / Scored; NaN when no word named an object.</summary>
    public double Score => Scored == 0 ? double.NaN : (double)Correct / Scored;

    /// <summary>Pools several captions into one result (a corpus score counts every scored word once).</summary>
    public static PointingGameResult Combine(IEnumerable<PointingGameResult> results) =>
        new(results.SelectMany(r => r.PerWord).ToArray());

    /// <inheritdoc />
    public override string ToString() => $"pointing game {Correct}/{Scored} = {Score:F3}";
}
