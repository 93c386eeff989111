using MultiModal.CourseTool.Exercises;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Exercises;

/// <summary>The notebook the grader runs: the student's cells, the instructor's check cells (no kernel needed).</summary>
public class GradedCopyTests
{
    private static readonly NotebookFile Solution = NotebookFile.Load(Repo.Path("solutions", "00_setup.ipynb"));
    private static readonly NotebookFile Exercise = NotebookFile.Load(Repo.Path("exercises", "00_setup.ipynb"));

    private static List<string> CheckSources(NotebookFile nb) => nb.CodeCells.Where(c => c.Source.Contains("Exercise.Check(")).Select(c => c.Source).ToList();

    [Fact]
    public void An_untouched_submission_runs_with_the_instructors_checks_in_their_places_under_fresh_ids()
    {
        var copy = GradedCopy.Assemble(Solution, Exercise);
        Assert.Empty(copy.Notes);
        Assert.Equal(Exercise.Cells.Count, copy.Notebook.Cells.Count);
        Assert.Equal(["0.1", "0.2", "0.3"], copy.Checks.Values.Order());
        var restored = copy.Notebook.Cells.Where(c => copy.Checks.ContainsKey(c.Id!)).ToList();
        Assert.Equal(3, restored.Count);
        Assert.All(restored, c => Assert.Contains("global::MultiModal.Exercises.Exercise.Check(\"", c.Source));
        Assert.All(restored, c => Assert.DoesNotContain(c.Id, Exercise.Cells.Select(e => e.Id)));           // a submission cannot know them
        Assert.DoesNotContain(copy.Notebook.Cells, c => c.Source.Contains("Exercise.Check(") && !copy.Checks.ContainsKey(c.Id!));
        // the rest of the student's notebook is untouched and in order
        Assert.Equal(Exercise.Cells.Where(c => !c.Source.Contains("Exercise.Check(")).Select(c => c.Source),
            copy.Notebook.Cells.Where(c => !copy.Checks.ContainsKey(c.Id!)).Select(c => c.Source));
    }

    [Fact]
    public void An_edited_check_is_replaced_in_place_and_a_deleted_one_goes_back_before_the_next_task()
    {
        var submission = Exercise.WithCells(Exercise.Cells.Where(c => !c.Source.Contains("Exercise.Check(\"0.1\"")));
        var edited = submission.CodeCells.First(c => c.Source.Contains("Exercise.Check(\"0.2\""));
        edited.Source = "Exercise.Check(\"0.2\", () => { });";
        var copy = GradedCopy.Assemble(Solution, submission);
        Assert.Contains("the check cell of exercise 0.1 was missing: restored.", copy.Notes);
        Assert.Contains("the check cell of exercise 0.2 was edited: the instructor's is run instead.", copy.Notes);
        var cells = copy.Notebook.Cells.ToList();
        var check01 = cells.FindIndex(c => copy.Checks.TryGetValue(c.Id!, out var e) && e == "0.1");
        Assert.Contains("NotDone(\"0.1\")", cells[check01 - 1].Source);                                    // right after the task it checks
        Assert.Contains("Expect.SameAsReference(PixelsAsSequence", cells[check01].Source);
        Assert.DoesNotContain(cells, c => c.Source == "Exercise.Check(\"0.2\", () => { });");
        var instructors = CheckSources(Solution).Select(s => s.Replace("Exercise.Check(", "global::MultiModal.Exercises.Exercise.Check(").Replace("Expect.", "global::MultiModal.Exercises.Expect."));
        Assert.Equal(instructors, CheckSources(copy.Notebook));
    }

    [Fact]
    public void A_students_own_check_cells_stay_student_cells_and_count_for_nothing()
    {
        var forged = NotebookFile.Create([("code", "Exercise.Check(\"0.1\", () => { });")]).Cells.Single();
        forged.Id = "forged";
        var copy = GradedCopy.Assemble(Solution, Exercise.WithCells(Exercise.Cells.Append(forged)));
        Assert.Equal(3, copy.Checks.Count);
        Assert.Equal("Exercise.Check(\"0.1\", () => { });", copy.Notebook.Cells[^1].Source);
        Assert.False(copy.Checks.ContainsKey("forged"));
    }

    [Fact]
    public void Only_the_restored_cells_own_results_count_and_the_worst_of_them()
    {
        var copy = GradedCopy.Assemble(Solution, Exercise);
        var byExercise = copy.Checks.ToDictionary(kv => kv.Value, kv => copy.Notebook.Cells.Single(c => c.Id == kv.Key).Number);
        var cells = new List<CellResult>
        {
            // 0.1: the cell showed a pass and, from the same cell, a failure (e.g. a second call): the failure counts
            new(byExercise["0.1"], CellStatus.Passed, 1, null, [new("0.1", ExerciseStatus.Passed, ""), new("0.1", ExerciseStatus.Failed, "wrong shape")]),
            // 0.2: the cell showed only another exercise's pass: no result of its own
            new(byExercise["0.2"], CellStatus.Passed, 1, null, [new("0.3", ExerciseStatus.Passed, "")]),
            // 0.3: the cell itself failed (the student renamed the function: a compile error)
            new(byExercise["0.3"], CellStatus.Failed, 1, "(3,16): error CS0103: The name 'Sine' does not exist", []),
        };
        var outcomes = GradedChecks.Outcomes(copy.Notebook, cells, copy.Checks).ToDictionary(o => o.Id);
        Assert.Equal((ExerciseStatus.Failed, "wrong shape"), (outcomes["0.1"].Status, outcomes["0.1"].Message));
        Assert.Equal((ExerciseStatus.Failed, "the check cell ran but showed no result."), (outcomes["0.2"].Status, outcomes["0.2"].Message));
        Assert.Equal(ExerciseStatus.Failed, outcomes["0.3"].Status);
        Assert.Contains("CS0103", outcomes["0.3"].Message);
        // a cell that never ran has no outcome: the grade calls it "not run"
        Assert.DoesNotContain(GradedChecks.Outcomes(copy.Notebook, cells.Take(1).ToList(), copy.Checks), o => o.Id != "0.1");
    }
}
