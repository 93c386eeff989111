namespace MultiModal.Metrics;

/// <summary>
/// Per-word outcome of <see cref="AttentionCorrectness"/>: the share of the word's attention on the object it names, or
/// null for words that name no object. Results of many captions add up with <see cref="Combine"/>.
/// </summary>
/// <param name="PerWord">One entry per word: null = names no object, else the attention mass inside its mask, in [0, 1].</param>
public sealed record AttentionCorrectnessResult(double?[] PerWord)
{
    /// <summary>Words that name an object (the ones scored).</summary>
    public int Scored => PerWord.Count(p => p.HasValue);

    /// <summary>Mean attention mass on the named object over the scored words; NaN when no word named an object.</summary>
    public double Score => Scored == 0 ? double.NaN : PerWord.Where(p => p.HasValue).Average(p => p!.Value);

    /// <summary>Pools several captions into one result (a corpus score averages over every scored word once).</summary>
    public static AttentionCorrectnessResult Combine(IEnumerable<AttentionCorrectnessResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return new(results.SelectMany(r => r.PerWord).ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => $"attention correctness {Score:F3} over {Scored} words";
}
