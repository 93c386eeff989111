using System.Globalization;
using System.Text.Json;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>
/// A quality target: a metric the notebook reported with a bound (<c>Course.Report("bleu4_heldout", v, atLeast: 0.6)</c>),
/// and whether the reported value meets it. Bounds are inclusive.
/// </summary>
/// <param name="Name">The metric's name.</param>
/// <param name="Value">The metric's value (its last report).</param>
/// <param name="AtLeast">The lowest acceptable value, if any.</param>
/// <param name="AtMost">The highest acceptable value, if any.</param>
public sealed record MetricTarget(string Name, double Value, double? AtLeast = null, double? AtMost = null)
{
    /// <summary>True when <see cref="Value"/> is within every bound given.</summary>
    public bool Met => (AtLeast is not { } low || Value >= low) && (AtMost is not { } high || Value <= high);

    /// <summary>The bounds for people: <c>≥ 0.6</c>, <c>≤ 0.5</c>, or <c>≥ 0.6 and ≤ 0.9</c>.</summary>
    public string BoundText() => (AtLeast, AtMost) switch
    {
        ({ } low, { } high) => $"≥ {Format(low)} and ≤ {Format(high)}",
        ({ } low, null) => $"≥ {Format(low)}",
        (null, { } high) => $"≤ {Format(high)}",
        _ => "(none)",
    };

    /// <summary>One line for people, e.g. <c>metric bleu4_heldout = 0.512 misses its target ≥ 0.6</c>.</summary>
    public string Describe() => $"metric {Name} = {Format(Value)} {(Met ? "meets" : "misses")} its target {BoundText()}";

    internal static string Format(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>What a notebook reported through <c>Course.Report</c>, read back from the metrics file.</summary>
/// <param name="Metrics">Every metric by name, in order of first report; a metric reported twice keeps its last value.</param>
/// <param name="Targets">One entry per metric that was reported with a bound, in order of first report.</param>
/// <param name="Problems">Lines of the file that could not be read, for people (<c>metrics file line 3 is not valid JSON: …</c>).</param>
public sealed record MetricsReport(Dictionary<string, double> Metrics, List<MetricTarget> Targets, List<string> Problems)
{
    /// <summary>The targets whose metric misses them.</summary>
    public IEnumerable<MetricTarget> Missed => Targets.Where(t => !t.Met);
}

/// <summary>
/// Reads the JSON-lines file named by <see cref="EnvironmentVariables.MetricsFile"/>, one metric a line:
/// <c>{"name":"bleu4_heldout","value":0.769,"atLeast":0.6}</c>, <c>{"name":"loss","value":0.2,"atMost":0.5}</c>,
/// <c>{"name":"bleu4","value":0.86}</c> (<c>atLeast</c> / <c>atMost</c> absent or null when there is no bound).
/// </summary>
public static class MetricsFile
{
    /// <summary>
    /// Reads <paramref name="path"/>. A missing file means no metrics; empty lines are skipped; a line that is not
    /// a metric becomes a <see cref="MetricsReport.Problems"/> entry (never an exception). A metric reported more
    /// than once keeps its last value, judged against the bounds of its last report that carried any.
    /// </summary>
    public static MetricsReport Read(string path)
    {
        var report = new MetricsReport(new Dictionary<string, double>(StringComparer.Ordinal), [], []);
        var bounds = new Dictionary<string, (double? AtLeast, double? AtMost)>(StringComparer.Ordinal);
        foreach (var (number, text) in JsonLines.Read(path, "metrics file", report.Problems))
        {
            var (name, value, atLeast, atMost, problem) = ParseLine(text);
            if (problem is not null)
            {
                report.Problems.Add($"metrics file line {number} {problem}");
                continue;
            }
            report.Metrics[name!] = value;
            if (atLeast is not null || atMost is not null) bounds[name!] = (atLeast, atMost);
        }
        foreach (var (name, value) in report.Metrics)
            if (bounds.TryGetValue(name, out var b)) report.Targets.Add(new MetricTarget(name, value, b.AtLeast, b.AtMost));
        return report;
    }

    private static (string? Name, double Value, double? AtLeast, double? AtMost, string? Problem) ParseLine(string text)
    {
        const string Expected = "expected {\"name\": \"…\", \"value\": number, optional \"atLeast\" / \"atMost\": number}";
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException) { return (null, 0, null, null, $"is not valid JSON: {Shorten(text)}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, 0, null, null, $"is not a metric ({Expected}): {Shorten(text)}");
            if (Property(root, "name") is not { ValueKind: JsonValueKind.String } n || string.IsNullOrWhiteSpace(n.GetString()))
                return (null, 0, null, null, $"has no metric name ({Expected}): {Shorten(text)}");
            var name = n.GetString()!;
            if (Property(root, "value") is not { ValueKind: JsonValueKind.Number } v || !v.TryGetDouble(out var value))
                return (null, 0, null, null, $"has no numeric value for metric '{name}' ({Expected}): {Shorten(text)}");
            double? Bound(string key, out string? problem)
            {
                problem = null;
                switch (Property(root, key))
                {
                    case null or { ValueKind: JsonValueKind.Null }: return null;
                    case { ValueKind: JsonValueKind.Number } b when b.TryGetDouble(out var d): return d;
                    case { } other: problem = $"has a non-numeric {key} for metric '{name}': {Shorten(other.GetRawText())}"; return null;
                }
            }
            var atLeast = Bound("atLeast", out var p1);
            var atMost = Bound("atMost", out var p2);
            return (name, value, atLeast, atMost, p1 ?? p2);
        }
    }

    /// <summary>The property <paramref name="key"/> of <paramref name="obj"/>, matched ignoring case.</summary>
    internal static JsonElement? Property(JsonElement obj, string key)
    {
        if (obj.TryGetProperty(key, out var exact)) return exact;
        foreach (var p in obj.EnumerateObject())
            if (string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    internal static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
