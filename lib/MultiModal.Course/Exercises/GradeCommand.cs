using System.Text.Json;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Exercises;

/// <summary>The grade of one submitted exercise notebook.</summary>
/// <param name="Notebook">The submission.</param>
/// <param name="Passed">Exercises whose checks all passed.</param>
/// <param name="Total">Exercises expected (from the matching solutions notebook, else the checks found).</param>
/// <param name="Exercises">One outcome per expected exercise.</param>
/// <param name="RunStatus">How the notebook run ended (a failing cell stops later checks: they count as not run).</param>
/// <param name="RunError">The run's error, if any.</param>
public sealed record NotebookGrade(string Notebook, int Passed, int Total, List<ExerciseOutcome> Exercises, NotebookStatus RunStatus, string? RunError)
{
    /// <summary>Score in [0, 1].</summary>
    public double Score => Total == 0 ? 0 : (double)Passed / Total;
}

/// <summary>
/// <c>mm grade</c>: executes students' exercise notebooks (a file, or a class folder searched recursively) and
/// prints, per notebook, a table of exercises — passed, failed with the check's message, not done, or not run
/// — and a score. Exit code 0 only when every exercise of every notebook passed.
/// </summary>
public static class GradeCommand
{
    /// <summary>Grades; writes <paramref name="jsonFile"/> when given; returns the exit code.</summary>
    public static async Task<int> RunAsync(RunOptions options, string? jsonFile, TextWriter console)
    {
        var summary = await RunCommand.ExecuteAsync(options with { Recursive = true, SummaryName = "grading-run.json" }, console);
        var grades = summary.Notebooks.Select(Grade).ToList();
        console.WriteLine();
        foreach (var g in grades)
        {
            console.WriteLine($"{g.Notebook}: {g.Passed}/{g.Total} exercises passed ({100 * g.Score:F0}%)" + (g.RunStatus == NotebookStatus.Passed ? "" : $"  [run {g.RunStatus.Word()}: {g.RunError?.Split('\n')[0]}]"));
            foreach (var e in g.Exercises)
                console.WriteLine($"  {e.Id,-6} {Word(e.Status),-13} {e.Message}");
        }
        var passed = grades.Sum(g => g.Passed);
        var total = grades.Sum(g => g.Total);
        console.WriteLine($"exercises: {passed} passed, {total - passed} failed");
        if (jsonFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonFile))!);
            await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(new { graded = DateTime.UtcNow, notebooks = grades, passed, total }, RunSummary.Json));
            console.WriteLine($"Grades: {Path.GetFullPath(jsonFile)}");
        }
        return total > 0 && passed == total ? 0 : 1;
    }

    private static string Word(ExerciseStatus status) => status switch
    {
        ExerciseStatus.Passed => "passed",
        ExerciseStatus.Failed => "FAILED",
        ExerciseStatus.NotDone => "not done",
        _ => "not run",
    };

    /// <summary>Grades one run: expected exercises are those of the matching solutions notebook, else the checks seen.</summary>
    public static NotebookGrade Grade(NotebookResult run)
    {
        var expected = ExpectedIds(run);
        // A notebook that failed only on a missed metric target ran every cell: its missing checks do not exist.
        var cellsAllRan = run.Status == NotebookStatus.Passed || (run.Status == NotebookStatus.Failed && run.FailedCell is null);
        var outcomes = new List<ExerciseOutcome>();
        foreach (var id in expected)
        {
            var seen = run.Exercises.LastOrDefault(e => e.Id == id);
            outcomes.Add(seen ?? new ExerciseOutcome(id, ExerciseStatus.NotRun,
                cellsAllRan ? "no check cell for this exercise ran." : $"its check never ran: {run.Error?.Split('\n')[0]}"));
        }
        return new NotebookGrade(run.Notebook, outcomes.Count(o => o.Status == ExerciseStatus.Passed), outcomes.Count, outcomes, run.Status, run.Error);
    }

    private static List<string> ExpectedIds(NotebookResult run)
    {
        var name = Path.GetFileName(run.Notebook);
        var solution = Path.Combine(RepoPaths.Root, "solutions", name);
        if (File.Exists(solution))
        {
            try { return ExerciseGenerator.SolutionIds(NotebookFile.Load(solution)).ToList(); }
            catch (NotebookFormatException) { }
        }
        var submitted = Path.IsPathRooted(run.Notebook) ? run.Notebook : Path.Combine(RepoPaths.Root, run.Notebook);
        try
        {
            var ids = ExerciseGenerator.CheckedIds(NotebookFile.Load(submitted)).ToList();
            if (ids.Count > 0) return ids;
        }
        catch (Exception e) when (e is IOException or NotebookFormatException) { }
        return run.Exercises.Select(e => e.Id).Distinct().ToList();
    }
}
