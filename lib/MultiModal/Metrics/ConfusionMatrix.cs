namespace MultiModal.Metrics;

/// <summary>
/// Counts of (true label, predicted label) pairs: row = the truth, column = the prediction, so the diagonal holds the
/// right answers and row r tells what label r is mistaken for. Labels are the given ones, in their order.
/// </summary>
public sealed class ConfusionMatrix
{
    private ConfusionMatrix(IReadOnlyList<string> labels, int[,] counts)
    {
        Labels = labels;
        Counts = counts;
    }

    /// <summary>The labels, rows and columns in this order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Counts[truth, predicted].</summary>
    public int[,] Counts { get; }

    /// <summary>Number of pairs counted.</summary>
    public int Total => Counts.Cast<int>().Sum();

    /// <summary>The share of pairs on the diagonal.</summary>
    public double Accuracy => Total == 0 ? double.NaN : Enumerable.Range(0, Labels.Count).Sum(i => Counts[i, i]) / (double)Total;

    /// <summary>Counts[r, c] / Σ_c Counts[r, c]: what share of label r's examples were predicted c (0 for an empty row).</summary>
    public double RowShare(int row, int column)
    {
        var sum = Enumerable.Range(0, Labels.Count).Sum(c => Counts[row, c]);
        return sum == 0 ? 0 : Counts[row, column] / (double)sum;
    }

    /// <summary>Counts the pairs (truth[i], predicted[i]) over <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Different lengths, repeated labels, or a label outside <paramref name="labels"/>.</exception>
    public static ConfusionMatrix Of(IReadOnlyList<string> truth, IReadOnlyList<string> predicted, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(labels);
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"expected one prediction per true label: {truth.Count} true labels, {predicted.Count} predictions.", nameof(predicted));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in labels)
            if (!index.TryAdd(l, index.Count)) throw new ArgumentException($"label '{l}' is listed twice.", nameof(labels));
        var counts = new int[labels.Count, labels.Count];
        for (var i = 0; i < truth.Count; i++)
        {
            if (!index.TryGetValue(truth[i], out var r)) throw new ArgumentException($"true label '{truth[i]}' (row {i}) is not one of the {labels.Count} labels.", nameof(truth));
            if (!index.TryGetValue(predicted[i], out var c)) throw new ArgumentException($"predicted label '{predicted[i]}' (row {i}) is not one of the {labels.Count} labels.", nameof(predicted));
            counts[r, c]++;
        }
        return new ConfusionMatrix(labels.ToArray(), counts);
    }
}
