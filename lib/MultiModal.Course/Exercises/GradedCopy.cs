using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MultiModal.CourseTool.Notebooks;

namespace MultiModal.CourseTool.Exercises;

/// <summary>
/// The notebook the grader executes for one submission, nbgrader style: the student's cells with the instructor's
/// check cells put back. Every code cell of the solution notebook that calls <c>Exercise.Check("N.k", …)</c> is a
/// check cell; the submission's copy of it (same cell id), edited or not, is replaced in place by the instructor's, and
/// one the student deleted is put back before the first cell that follows it in the solution notebook and is still
/// in the submission. Restored cells get fresh random ids (a submission cannot name them in advance) and call the library
/// by its full name (<c>global::MultiModal.Exercises.Exercise.Check</c>, <c>…Expect</c>), so a class the student
/// declares cannot stand in for it. Only what these cells show counts (<see cref="GradedChecks"/>).
/// </summary>
/// <param name="Notebook">The notebook to execute.</param>
/// <param name="Checks">Restored check cells: cell id → the exercise number it checks.</param>
/// <param name="Notes">What was restored, for the instructor ("check cell of 0.1 was edited: restored").</param>
public sealed partial record GradedCopy(NotebookFile Notebook, IReadOnlyDictionary<string, string> Checks, IReadOnlyList<string> Notes)
{
    [GeneratedRegex(@"(?<![\w.:])(?:MultiModal\.Exercises\.)?Exercise\.Check\(")]
    private static partial Regex CheckCall();
    [GeneratedRegex(@"(?<![\w.:])(?:MultiModal\.Exercises\.)?Expect\.")]
    private static partial Regex ExpectCall();

    /// <summary>Assembles the graded copy of <paramref name="submission"/> from the instructor's <paramref name="solution"/>.</summary>
    /// <exception cref="ExerciseFormatException">A check cell of the solution checks no exercise or several.</exception>
    public static GradedCopy Assemble(NotebookFile solution, NotebookFile submission)
    {
        // the solution's check cells by cell id: the cell and the exercise it checks
        var checks = new Dictionary<string, (NotebookFile.Cell Cell, string Exercise)>(StringComparer.Ordinal);
        foreach (var cell in solution.CodeCells)
        {
            var ids = ExerciseGenerator.CheckedIds(cell.Source);
            if (ids.Count == 0) continue;
            if (ids.Count > 1)
                throw new ExerciseFormatException($"{solution.Path}, cell {cell.Number}: one check cell checks exercises {string.Join(", ", ids)}; the grader restores check cells one exercise each — split it.");
            if (cell.Id is null)
                throw new ExerciseFormatException($"{solution.Path}, cell {cell.Number}: the check cell of exercise {ids[0]} has no cell id; the grader finds a submission's copy by it (nbformat 4.5: save the notebook with a current Jupyter or VS Code).");
            checks[cell.Id] = (cell, ids[0]);
        }
        var notes = new List<string>();
        var assembled = new List<NotebookFile.Cell>();
        foreach (var c in submission.Cells)
        {
            if (c.Id is { } id && checks.TryGetValue(id, out var check))
            {
                // the student's copy of a check cell: the instructor's takes its place
                if (assembled.Any(a => a.Id == id)) continue; // a second copy of the same cell
                if (Normalise(c.Source) != Normalise(check.Cell.Source)) notes.Add($"the check cell of exercise {check.Exercise} was edited: the instructor's is run instead.");
                assembled.Add(check.Cell);
                continue;
            }
            assembled.Add(c);
        }
        var present = submission.Cells.Select(c => c.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        // a deleted check cell goes back before the first later cell of the solution that the submission still has
        foreach (var (cell, exercise) in checks.Values.Where(c => !present.Contains(c.Cell.Id!)).Reverse())
        {
            notes.Add($"the check cell of exercise {exercise} was missing: restored.");
            var next = solution.Cells.Skip(cell.Number).FirstOrDefault(s => s.Id is { } sid && present.Contains(sid));
            var position = next is null ? assembled.Count : assembled.FindIndex(c => c.Id == next.Id);
            assembled.Insert(position, cell);
        }
        var copy = submission.WithCells(assembled);
        var restored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cell in copy.Cells)
        {
            if (cell.Id is not { } id || !checks.TryGetValue(id, out var check)) continue; // every cell with a check cell id is the instructor's now
            var fresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
            restored[fresh] = check.Exercise;
            cell.Id = fresh;
            cell.Source = ExpectCall().Replace(CheckCall().Replace(cell.Source, "global::MultiModal.Exercises.Exercise.Check("), "global::MultiModal.Exercises.Expect.");
            cell.ClearOutputs();
        }
        return new GradedCopy(copy, restored, notes);
    }

    private static string Normalise(string source) => source.Replace("\r\n", "\n").Trim();
}
