namespace MultiModal.Metrics;

/// <summary>n-gram counting shared by the caption metrics (BLEU, CIDEr-D).</summary>
public static class NGrams
{
    private const char Separator = '\u241F';   // a character that does not occur in words or ids

    /// <summary>
    /// Counts the n-grams of order <paramref name="n"/> in <paramref name="tokens"/>; each n-gram is keyed by its
    /// tokens joined with an invisible separator.
    /// </summary>
    public static Dictionary<string, int> Count<T>(IReadOnlyList<T> tokens, int n)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var key = string.Join(Separator, Enumerable.Range(i, n).Select(j => tokens[j]?.ToString()));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }
}
