using MultiModal.CourseTool.Exercises;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Notebooks;

/// <summary>
/// Every notebook of the course, executed headlessly through the runner in the quick profile, as CI and a
/// student would run them. Solutions must pass every check; generated exercises must run with every check
/// "not done" and no other error.
/// </summary>
public class NotebookSuiteTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    public static TheoryData<string> Notebooks() => Files("notebooks");
    public static TheoryData<string> Solutions() => Files("solutions");
    public static TheoryData<string> ExerciseNotebooks() => Files("exercises");

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Repo.Path(folder), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add($"{folder}/{Path.GetFileName(f)}");
        return data;
    }

    private static NotebookResult Run(string relative) => RunWithSite(relative).Result;

    private static (NotebookResult Result, string Page) RunWithSite(string relative)
    {
        var r = CourseToolProcess.Run(Limit, "run", Repo.Path(relative), "--profile", "quick", "--cell-timeout", "300");
        var nb = Assert.Single(r.Summary?.Notebooks ?? []);
        Assert.True(nb.Status == NotebookStatus.Passed, $"{relative}: {nb.Status}: {nb.Error}\n{r.Output}");
        return (nb, Path.Combine(r.OutDir, "site", Path.GetFileNameWithoutExtension(relative) + ".html"));
    }

    /// <summary>
    /// The lecture notebook runs (its saved copy checked by the runner: no chart before plotly.js, no chart twice in a
    /// cell, no compiler warning), and its page of the offline site, opened in Chromium with networking off, draws every
    /// chart, decodes every image and can play every sound, with no error in the console.
    /// </summary>
    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Lecture_notebook_runs_without_error_and_its_page_draws_offline(string notebook)
    {
        var (_, page) = RunWithSite(notebook);
        var report = await Site.OfflineBrowser.CheckAsync(page);
        Assert.True(report.Problems.Count == 0, $"{notebook}, offline page {page}:\n{string.Join("\n", report.Problems)}");
    }

    [Theory]
    [MemberData(nameof(Solutions))]
    public void Solution_notebook_passes_every_check(string notebook)
    {
        var nb = Run(notebook);
        var expected = ExerciseGenerator.SolutionIds(NotebookFile.Load(Repo.Path(notebook)));
        Assert.True(expected.Count >= 3, $"{notebook} should hold at least three exercises, has {expected.Count}.");
        foreach (var id in expected)
        {
            var outcome = nb.Exercises.LastOrDefault(e => e.Id == id);
            Assert.True(outcome is { Status: ExerciseStatus.Passed }, $"{notebook}: exercise {id}: {outcome?.Status.ToString() ?? "never checked"} {outcome?.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(ExerciseNotebooks))]
    public void Exercise_notebook_runs_with_every_check_not_done(string notebook)
    {
        var nb = Run(notebook);
        var expected = ExerciseGenerator.SolutionIds(NotebookFile.Load(Repo.Path("solutions", Path.GetFileName(notebook))));
        foreach (var id in expected)
        {
            var outcome = nb.Exercises.LastOrDefault(e => e.Id == id);
            Assert.True(outcome is { Status: ExerciseStatus.NotDone }, $"{notebook}: exercise {id} should say 'not done', got {outcome?.Status.ToString() ?? "never checked"} {outcome?.Message}");
        }
    }

    [Fact]
    public void A_notebook_run_twice_reports_identical_metrics()
    {
        // Seeds cover weights, batches, noise and the world: a training notebook gives the same numbers every time.
        var first = Run("notebooks/04_show_and_tell.ipynb").Metrics;
        var second = Run("notebooks/04_show_and_tell.ipynb").Metrics;
        Assert.True(first.Count >= 5, "04 reports its BLEU and CIDEr-D metrics");
        Assert.Equal(first.OrderBy(kv => kv.Key), second.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Every_notebook_starts_with_the_same_bootstrap_cell_pinning_the_central_versions()
    {
        var props = File.ReadAllText(Repo.Path("Directory.Packages.props"));
        string Pinned(string id)
        {
            var m = System.Text.RegularExpressions.Regex.Match(props, $"<PackageVersion Include=\"{System.Text.RegularExpressions.Regex.Escape(id)}\" Version=\"([^\"]+)\"");
            Assert.True(m.Success, $"{id} is not pinned in Directory.Packages.props");
            return m.Groups[1].Value;
        }
        var expected = string.Join("\n",
            $"#r \"nuget: TorchSharp-cpu, {Pinned("TorchSharp-cpu")}\"",
            $"#r \"nuget: Plotly.NET, {Pinned("Plotly.NET")}\"",
            $"#r \"nuget: Plotly.NET.CSharp, {Pinned("Plotly.NET.CSharp")}\"",
            $"#r \"nuget: SixLabors.ImageSharp, {Pinned("SixLabors.ImageSharp")}\"",
            $"#r \"nuget: NAudio.Core, {Pinned("NAudio.Core")}\"",
            "#r \"../lib/MultiModal/bin/Debug/net10.0/MultiModal.dll\"",
            "using MultiModal;",
            "Course.Setup()");
        var all = new[] { "notebooks", "solutions", "exercises" }.SelectMany(d => Directory.GetFiles(Repo.Path(d), "*.ipynb")).ToList();
        Assert.NotEmpty(all);
        foreach (var f in all)
        {
            var first = NotebookFile.Load(f).CodeCells.First().Source.Replace("\r\n", "\n").Trim();
            Assert.True(first == expected, $"{f}: the first code cell must be exactly:\n{expected}\n--- but is:\n{first}");
        }
    }

    [Fact]
    public void Committed_notebooks_are_nbformat_4_5_with_unique_cell_ids_and_csharp_highlighting()
    {
        foreach (var f in new[] { "notebooks", "solutions", "exercises" }.SelectMany(d => Directory.GetFiles(Repo.Path(d), "*.ipynb")))
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(f))!;
            Assert.True((int?)json["nbformat"] == 4 && (int?)json["nbformat_minor"] >= 5, $"{f}: nbformat 4.5 or later (cell ids) expected.");
            Assert.True((string?)json["metadata"]?["language_info"]?["pygments_lexer"] == "csharp", $"{f}: metadata.language_info.pygments_lexer must be 'csharp' (syntax highlighting in exports).");
            var ids = json["cells"]!.AsArray().Select(c => (string?)c!["id"]).ToList();
            Assert.True(ids.All(i => i is { Length: > 0 and <= 64 } && System.Text.RegularExpressions.Regex.IsMatch(i, "^[A-Za-z0-9_-]+$")), $"{f}: every cell needs an id of letters, digits, - and _ (nbformat 4.5).");
            Assert.True(ids.Distinct().Count() == ids.Count, $"{f}: cell ids must be unique.");
        }
    }

    [Fact]
    public void Committed_notebooks_carry_no_outputs()
    {
        foreach (var f in new[] { "notebooks", "solutions", "exercises" }.SelectMany(d => Directory.GetFiles(Repo.Path(d), "*.ipynb")))
            Assert.True(NotebookFile.Load(f).CodeCells.All(c => !c.Outputs.Any()), $"{f} was committed with outputs; clear them (the runner writes executed copies to artifacts/).");
    }
}
