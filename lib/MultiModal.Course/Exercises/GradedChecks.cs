using Microsoft.DotNet.Interactive.Commands;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Exercises;

/// <summary>
/// What the grader counts: only the results that the check cells it restored (<see cref="GradedCopy"/>) show
/// while they run, read from the kernel's own display events of those cells — the library's
/// <c>MultiModal.Exercises.CheckResult</c> object that <c>Exercise.Check</c> displays. A result another cell
/// shows, one written to a file, one displayed by a thread a student's cell started (its events belong to that
/// cell's command), or one for another exercise number is not counted.
/// </summary>
public static class GradedChecks
{
    private const string CheckResultType = "MultiModal.Exercises.CheckResult";

    /// <summary>
    /// The exercise result in a displayed value, when it is the library's check result and was displayed by
    /// <paramref name="cell"/> itself (or a command it started); otherwise null.
    /// </summary>
    public static ExerciseOutcome? FromDisplay(object? value, KernelCommand? displayedBy, KernelCommand cell)
    {
        if (value is null || value.GetType().FullName != CheckResultType || value.GetType().Assembly.GetName().Name != "MultiModal") return null;
        if (!BelongsTo(displayedBy, cell)) return null;
        var type = value.GetType();
        var id = type.GetProperty("Id")?.GetValue(value) as string;
        var status = type.GetProperty("Status")?.GetValue(value)?.ToString();
        var message = type.GetProperty("Message")?.GetValue(value) as string ?? "";
        if (id is null || status is null) return null;
        try { return new ExerciseOutcome(id, StatusWords.ParseExercise(status), message); }
        catch (FormatException) { return null; }
    }

    private static bool BelongsTo(KernelCommand? command, KernelCommand cell)
    {
        for (var c = command; c is not null; c = c.Parent)
            if (ReferenceEquals(c, cell)) return true;
        return false;
    }

    /// <summary>
    /// The outcome of each restored check cell that ran, in notebook order: its own result for its exercise (the
    /// worst, when it showed several: failed, then not done, then passed), "failed" when the cell itself failed or
    /// showed no result. Cells that never ran are absent (the grade calls them "not run").
    /// </summary>
    public static List<ExerciseOutcome> Outcomes(NotebookFile notebook, IReadOnlyList<CellResult> cells, IReadOnlyDictionary<string, string> restored)
    {
        var outcomes = new List<ExerciseOutcome>();
        foreach (var cell in notebook.CodeCells)
        {
            if (cell.Id is not { } id || !restored.TryGetValue(id, out var exercise)) continue;
            var ran = cells.FirstOrDefault(c => c.Number == cell.Number);
            if (ran is null || ran.Status == CellStatus.Skipped) continue;
            var own = (ran.Checks ?? []).Where(c => c.Id == exercise).ToList();
            outcomes.Add(ran.Status switch
            {
                CellStatus.Passed when own.Count > 0 => own.OrderBy(c => c.Status switch { ExerciseStatus.Failed => 0, ExerciseStatus.NotDone => 1, _ => 2 }).First(),
                CellStatus.Passed => new ExerciseOutcome(exercise, ExerciseStatus.Failed, "the check cell ran but showed no result."),
                _ => new ExerciseOutcome(exercise, ExerciseStatus.Failed, $"the check cell {ran.Status.Word()}: {(ran.Error ?? "").Split('\n')[0]}"),
            });
        }
        return outcomes;
    }
}
