using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Runner;

/// <summary>
/// The runner's side of <c>Course.Report</c>: reading the metrics file back and judging the quality targets
/// (<see cref="MetricsFile"/>, <see cref="MetricTarget"/>), without running a notebook.
/// </summary>
public class MetricsFileTests
{
    private static MetricsReport ReadLines(params string[] lines)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, lines);
            return MetricsFile.Read(file);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Met_and_missed_at_least_and_at_most_targets_are_judged()
    {
        var r = ReadLines(
            """{"name":"bleu4_heldout","value":0.769,"atLeast":0.6}""",
            """{"name":"accuracy","value":0.512,"atLeast":0.6}""",
            """{"name":"loss","value":0.2,"atMost":0.5}""",
            """{"name":"perplexity","value":7.5,"atMost":5}""");

        Assert.Empty(r.Problems);
        Assert.Equal(["bleu4_heldout", "accuracy", "loss", "perplexity"], r.Targets.Select(t => t.Name));
        Assert.Equal([true, false, true, false], r.Targets.Select(t => t.Met));
        var accuracy = r.Targets[1];
        Assert.Equal(0.512, accuracy.Value);
        Assert.Equal(0.6, accuracy.AtLeast);
        Assert.Null(accuracy.AtMost);
        Assert.Equal("metric accuracy = 0.512 misses its target ≥ 0.6", accuracy.Describe());
        Assert.Equal("metric perplexity = 7.5 misses its target ≤ 5", r.Targets[3].Describe());
        Assert.Equal("metric loss = 0.2 meets its target ≤ 0.5", r.Targets[2].Describe());
        Assert.Equal(["accuracy", "perplexity"], r.Missed.Select(t => t.Name));
        Assert.Equal(0.769, r.Metrics["bleu4_heldout"]); // every metric, bounded or not, is also a metric
    }

    [Fact]
    public void Bounds_are_inclusive_and_both_bounds_can_be_given()
    {
        Assert.True(new MetricTarget("a", 0.6, AtLeast: 0.6).Met);
        Assert.True(new MetricTarget("a", 0.5, AtMost: 0.5).Met);
        Assert.False(new MetricTarget("a", 0.59999, AtLeast: 0.6).Met);
        Assert.False(new MetricTarget("a", 0.50001, AtMost: 0.5).Met);
        var range = new MetricTarget("a", 0.95, AtLeast: 0.6, AtMost: 0.9);
        Assert.False(range.Met);
        Assert.Equal("metric a = 0.95 misses its target ≥ 0.6 and ≤ 0.9", range.Describe());
        Assert.True((range with { Value = 0.7 }).Met);
        Assert.True(new MetricTarget("a", 123).Met); // no bound: nothing to miss
    }

    [Fact]
    public void A_metric_without_a_bound_is_a_metric_but_not_a_target()
    {
        var r = ReadLines(
            """{"name":"bleu4","value":0.86}""",
            """{"name":"cider","value":1.2,"atLeast":null,"atMost":null}""",
            """{"name":"loss","value":0.2,"atMost":0.5}""");

        Assert.Empty(r.Problems);
        Assert.Equal(0.86, r.Metrics["bleu4"]);
        Assert.Equal(1.2, r.Metrics["cider"]);
        var target = Assert.Single(r.Targets);
        Assert.Equal("loss", target.Name);
        Assert.Empty(r.Missed);
    }

    [Fact]
    public void The_same_metric_reported_twice_keeps_its_last_value_judged_against_its_last_bounds()
    {
        var r = ReadLines(
            """{"name":"x","value":0.5,"atLeast":0.9}""",
            """{"name":"bleu4","value":0.3}""",
            """{"name":"x","value":0.95,"atLeast":0.9}""",
            """{"name":"y","value":0.3,"atLeast":0.6}""",
            """{"name":"bleu4","value":0.61}""",
            """{"name":"y","value":0.7}""");

        Assert.Empty(r.Problems);
        Assert.Equal(["x", "bleu4", "y"], r.Metrics.Keys); // in order of first report
        Assert.Equal(0.95, r.Metrics["x"]);
        Assert.Equal(0.61, r.Metrics["bleu4"]);
        Assert.Equal(0.7, r.Metrics["y"]);
        Assert.Equal(2, r.Targets.Count);
        Assert.Equal(new MetricTarget("x", 0.95, AtLeast: 0.9), r.Targets[0]);
        // A later report without a bound does not drop the target: its value is judged against the last bound.
        Assert.Equal(new MetricTarget("y", 0.7, AtLeast: 0.6), r.Targets[1]);
        Assert.Empty(r.Missed);
    }

    [Fact]
    public void An_invalid_line_is_reported_with_its_number_and_the_other_lines_still_count()
    {
        var r = ReadLines(
            """{"name":"accuracy","value":0.875,"atLeast":0.8}""",
            "",
            "this is not json",
            """{"name":"x",""",
            """{"name":"bleu4","value":0.61}""",
            """{"value":0.5}""",
            """{"name":"loss","value":"low"}""",
            """{"name":"cer","value":0.1,"atMost":"0.2"}""",
            "[1, 2]");

        Assert.Equal(0.875, r.Metrics["accuracy"]);
        Assert.Equal(0.61, r.Metrics["bleu4"]);
        Assert.Equal(2, r.Metrics.Count);
        Assert.Single(r.Targets);
        Assert.Equal(6, r.Problems.Count);
        Assert.Equal("metrics file line 3 is not valid JSON: this is not json", r.Problems[0]); // the empty line 2 counts
        Assert.Equal("metrics file line 4 is not valid JSON: {\"name\":\"x\",", r.Problems[1]);
        Assert.StartsWith("metrics file line 6 has no metric name", r.Problems[2]);
        Assert.StartsWith("metrics file line 7 has no numeric value for metric 'loss'", r.Problems[3]);
        Assert.StartsWith("metrics file line 8 has a non-numeric atMost for metric 'cer'", r.Problems[4]);
        Assert.StartsWith("metrics file line 9 is not a metric", r.Problems[5]);
    }

    [Fact]
    public void Property_names_are_read_ignoring_case_and_blank_lines_are_skipped()
    {
        var r = ReadLines("", "   ", """{"Name":"bleu4","Value":0.7,"AtLeast":0.6}""", "");
        Assert.Empty(r.Problems);
        Assert.Equal(new MetricTarget("bleu4", 0.7, AtLeast: 0.6), Assert.Single(r.Targets));
    }

    [Fact]
    public void A_missing_or_empty_file_means_no_metrics_and_no_problems()
    {
        var missing = MetricsFile.Read(Path.Combine(Path.GetTempPath(), $"mm-no-such-metrics-{Guid.NewGuid():N}.jsonl"));
        Assert.Empty(missing.Metrics);
        Assert.Empty(missing.Targets);
        Assert.Empty(missing.Problems);
        var empty = ReadLines();
        Assert.Empty(empty.Metrics);
        Assert.Empty(empty.Problems);
    }
}
