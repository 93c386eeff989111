using System.Text.Json.Nodes;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Runner;

/// <summary>The headless runner, end to end, on small notebooks that need no packages.</summary>
public class NotebookRunnerTests
{
    private static string Fixture(string name) => Repo.Path("tests", "MultiModal.Tests", "Runner", "Fixtures", name);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public void A_passing_notebook_writes_outputs_display_updates_and_a_summary()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("passing.ipynb"), "--profile", "quick");
        Assert.True(r.ExitCode == 0, r.Output);
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.Equal(NotebookStatus.Passed, nb.Status);
        Assert.True(nb.WallSeconds > 0);
        Assert.Equal("quick", r.Summary.Profile);
        Assert.Contains("1 passed, 0 failed", r.Output);

        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/passing.ipynb"));
        var code = executed.CodeCells.ToList();
        Assert.Contains("hello from the kernel", Text(code[0]));
        Assert.Contains(code[1].Outputs, o => (string?)o["output_type"] == "display_data" && Text(o).Contains("shown with display()"));
        Assert.Contains(code[1].Outputs, o => (string?)o["output_type"] == "execute_result" && Text(o).Contains('3'));
        var updated = Assert.Single(code[2].Outputs); // the update replaced the first display in place
        Assert.Contains("updated in place", Text(updated));
        Assert.Equal(3, code[2].ExecutionCount);
    }

    [Fact]
    public void A_failing_cell_fails_the_run_with_notebook_cell_number_and_message()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("failing_cell.ipynb"), "--profile", "quick");
        Assert.Equal(1, r.ExitCode);
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.Equal(NotebookStatus.Failed, nb.Status);
        Assert.Equal(5, nb.FailedCell); // 1-based, markdown cells counted, as the editor shows them
        Assert.Contains("deliberate failure for the runner test", nb.Error);
        Assert.Contains("failing_cell.ipynb", r.Output);
        Assert.Contains("cell 5", r.Output);
        Assert.Equal(CellStatus.Skipped, nb.Cells.Last().Status);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/failing_cell.ipynb"));
        Assert.Contains(executed.Cells[4].Outputs, o => (string?)o["output_type"] == "error");
    }

    [Fact]
    public void A_compile_error_is_reported_with_the_compiler_message()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("compile_error.ipynb"));
        Assert.Equal(1, r.ExitCode);
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.Equal(1, nb.FailedCell);
        Assert.Contains("CS0029", nb.Error); // cannot implicitly convert type 'string' to 'int'
    }

    [Fact]
    public void A_hanging_cell_times_out_and_the_other_notebooks_are_still_reported()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("slow_cell.ipynb"), Fixture("passing.ipynb"), "--cell-timeout", "20");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(2, r.Summary!.Notebooks.Count);
        var slow = r.Summary.Notebooks[0];
        Assert.Equal(NotebookStatus.Timeout, slow.Status);
        Assert.Equal(2, slow.FailedCell);
        Assert.Contains("timed out after 20 s", slow.Error);
        Assert.True(slow.WallSeconds < 120, $"the timeout should end the notebook promptly, took {slow.WallSeconds:F0} s");
        Assert.Equal(NotebookStatus.Passed, r.Summary.Notebooks[1].Status);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/slow_cell.ipynb"));
        Assert.Contains("before the slow cell", Text(executed.CodeCells.First()));
    }

    [Fact]
    public void Malformed_and_missing_notebooks_get_clear_errors_and_a_nonzero_exit()
    {
        var missing = Fixture("does_not_exist.ipynb");
        var r = CourseToolProcess.Run(Limit, "run", Fixture("malformed.ipynb"), missing, Fixture("passing.ipynb"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(3, r.Summary!.Notebooks.Count);
        var bad = r.Summary.Notebooks[0];
        Assert.Equal(NotebookStatus.Error, bad.Status);
        Assert.Contains("not valid JSON", bad.Error);
        Assert.Contains("malformed.ipynb", bad.Error);
        Assert.Equal(NotebookStatus.Error, r.Summary.Notebooks[1].Status);
        Assert.Contains("not found", r.Summary.Notebooks[1].Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(NotebookStatus.Passed, r.Summary.Notebooks[2].Status);
    }

    [Fact]
    public void Metrics_reported_by_a_notebook_reach_the_summary_and_the_profile_reaches_the_notebook()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("metrics.ipynb"), "--profile", "quick");
        Assert.True(r.ExitCode == 0, r.Output);
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.Equal(0.875, nb.Metrics["accuracy"]);
        Assert.Equal(0.61, nb.Metrics["bleu4"]);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/metrics.ipynb"));
        Assert.Contains("Quick", Text(executed.CodeCells.Single()));
    }

    [Fact]
    public void A_missed_quality_target_fails_a_notebook_whose_cells_all_passed()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("met_targets.ipynb"), Fixture("missed_target.ipynb"), "--profile", "quick");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(2, r.Summary!.Notebooks.Count);

        var met = r.Summary.Notebooks[0];
        Assert.True(met.Status == NotebookStatus.Passed, $"{met.Status}: {met.Error}\n{r.Output}");
        Assert.Equal([new MetricTarget("bleu4_heldout", 0.769, AtLeast: 0.6), new MetricTarget("loss", 0.2, AtMost: 0.5)], met.Targets);
        Assert.All(met.Targets, t => Assert.True(t.Met));
        Assert.Equal(0.86, met.Metrics["bleu4"]); // a metric without a bound is no target

        var missed = r.Summary.Notebooks[1];
        Assert.Equal(NotebookStatus.Failed, missed.Status);
        Assert.Null(missed.FailedCell);
        Assert.All(missed.Cells, c => Assert.Equal(CellStatus.Passed, c.Status));
        Assert.Equal("metric x = 0.5 misses its target ≥ 0.9", missed.Error);
        Assert.Equal(2, missed.Targets.Count);
        Assert.True(missed.Targets.Single(t => t.Name == "accuracy").Met);
        Assert.Equal(new MetricTarget("x", 0.5, AtLeast: 0.9), missed.Targets.Single(t => !t.Met));
        Assert.Equal(0.61, missed.Metrics["bleu4"]);

        // The table counts the targets and lists the miss under the notebook's row.
        Assert.Contains("targets 2/2 met", r.Output);
        Assert.Contains("targets 1/2 met", r.Output);
        Assert.Contains("-> metric x = 0.5 misses its target", r.Output);
        Assert.Contains("notebooks: 1 passed, 1 failed", r.Output);
    }

    [Fact]
    public void Plotly_charts_fail_in_the_kernel_without_the_FSharpCore_redirect_and_render_with_it()
    {
        // The runner's kernel ships FSharp.Core 10.0 like the Polyglot kernel, while Plotly.NET 6 asks for 10.1.
        var r = CourseToolProcess.Run(Limit, "run", Fixture("plotly_fsharp_core.ipynb"));
        Assert.True(r.ExitCode == 0, r.Output);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/plotly_fsharp_core.ipynb"));
        var cells = executed.CodeCells.ToList();
        Assert.Contains("before setup: chart failed: Could not load file or assembly 'FSharp.Core, Version=10.1", Text(cells[1]));
        Assert.Contains("after setup: chart ok", Text(cells[2]));
    }

    [Fact]
    public void Library_displays_update_in_place_even_when_another_output_came_between()
    {
        // NotebookHost publishes both events under one id; the kernel's own display() does not (see NotebookHost).
        var r = CourseToolProcess.Run(Limit, "run", Fixture("live_update.ipynb"));
        Assert.True(r.ExitCode == 0, r.Output);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/live_update.ipynb"));
        var outputs = executed.CodeCells.Last().Outputs.Select(Text).ToList();
        Assert.Equal(["step 3 of 3", "other output"], outputs);
    }

    [Fact]
    public void A_compiler_warning_is_shown_under_its_cell_and_fails_the_notebook()
    {
        // Jupyter shows a cell's warnings to the student; the runner keeps them in the saved copy and fails on them.
        var r = CourseToolProcess.Run(Limit, "run", Fixture("compiler_warning.ipynb"));
        Assert.Equal(1, r.ExitCode);
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.Null(nb.FailedCell); // every cell ran
        Assert.Contains("cell 2: a student sees a compiler warning", nb.Error);
        Assert.Contains("CS1030", nb.Error);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/compiler_warning.ipynb"));
        Assert.Contains(executed.CodeCells.First().Outputs, o => (string?)o["name"] == "stderr" && Text(o).Contains("warning CS1030"));
    }

    [Fact]
    public void A_chart_whose_plotly_js_was_replaced_by_a_live_update_fails_the_notebook()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("chart_loader_replaced.ipynb"));
        Assert.Equal(1, r.ExitCode);
        var nb = Assert.Single(r.Summary!.Notebooks);
        Assert.Contains("cell 4: a chart with no plotly.js in this or any earlier output", nb.Error);
    }

    [Fact]
    public void Charts_after_a_kept_loader_pass_and_a_chart_shown_twice_in_a_cell_is_named()
    {
        var r = CourseToolProcess.Run(Limit, "run", Fixture("chart_loader_kept.ipynb"));
        var nb = Assert.Single(r.Summary!.Notebooks);
        var problems = nb.Error!.Split('\n');
        Assert.Equal(["cell 6: shows the same chart 2 times (a live training chart is already the final one: do not also display history.Chart())."], problems);
        var executed = NotebookFile.Load(Path.Combine(r.OutDir, "tests/MultiModal.Tests/Runner/Fixtures/chart_loader_kept.ipynb"));
        var cells = executed.CodeCells.ToList();
        Assert.Equal(2, cells[2].Outputs.Count());                                     // the loader and the live chart
        Assert.Contains(SavedCopyCheck.LoaderMarker, Text(cells[2].Outputs.First()));
        Assert.DoesNotContain("class=\"mm-chart\"", Text(cells[2].Outputs.First()));
        Assert.Contains("Plotly.newPlot", Text(cells[3]));
        Assert.DoesNotContain(SavedCopyCheck.LoaderMarker, Text(cells[3]));             // plotly.js comes once
    }

    [Fact]
    public void Bad_command_lines_are_explained()
    {
        var r = CourseToolProcess.Run(Limit, "run", "--profile", "fast");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--profile must be 'full' or 'quick'", r.Output);
        r = CourseToolProcess.Run(Limit, "frobnicate");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Unknown command 'frobnicate'", r.Output);
    }

    private static string Text(NotebookFile.Cell cell) => string.Join("\n", cell.Outputs.Select(Text));

    private static string Text(JsonObject output) =>
        output["text"]?.ToJsonString() is { } t ? string.Concat(((JsonArray)output["text"]!).Select(x => (string?)x))
        : output["data"] is JsonObject d ? string.Join("\n", d.Select(kv => kv.Value is JsonArray a ? string.Concat(a.Select(x => (string?)x)) : kv.Value?.ToString()))
        : output["evalue"]?.ToString() ?? "";
}
