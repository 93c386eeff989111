using System.Text.Json;
using MultiModal.CourseTool.Notebooks;
using Xunit;

namespace MultiModal.Tests.Runner;

/// <summary>
/// The statuses are enums in the tool and words in its files (summary.json, result files, grades): the words must
/// not change, and the exercise statuses the library writes are read tolerantly.
/// </summary>
public class StatusTests
{
    [Theory]
    [InlineData(CellStatus.Passed, "passed")]
    [InlineData(CellStatus.Failed, "failed")]
    [InlineData(CellStatus.Timeout, "timeout")]
    [InlineData(CellStatus.Skipped, "skipped")]
    public void Cell_statuses_are_lower_case_words_in_json(CellStatus status, string word)
    {
        Assert.Equal($"\"{word}\"", JsonSerializer.Serialize(status, RunSummary.Json));
        Assert.Equal(status, JsonSerializer.Deserialize<CellStatus>($"\"{word}\"", RunSummary.Json));
        Assert.Equal(word, status.Word());
    }

    [Theory]
    [InlineData(NotebookStatus.Passed, "passed")]
    [InlineData(NotebookStatus.Failed, "failed")]
    [InlineData(NotebookStatus.Timeout, "timeout")]
    [InlineData(NotebookStatus.Error, "error")]
    public void Notebook_statuses_are_lower_case_words_in_json(NotebookStatus status, string word)
    {
        Assert.Equal($"\"{word}\"", JsonSerializer.Serialize(status, RunSummary.Json));
        Assert.Equal(status, JsonSerializer.Deserialize<NotebookStatus>($"\"{word}\"", RunSummary.Json));
        Assert.Equal(word, status.Word());
    }

    [Theory]
    [InlineData(ExerciseStatus.Passed, "Passed")]
    [InlineData(ExerciseStatus.Failed, "Failed")]
    [InlineData(ExerciseStatus.NotDone, "NotDone")]
    [InlineData(ExerciseStatus.NotRun, "NotRun")]
    public void Exercise_statuses_keep_the_words_the_library_writes(ExerciseStatus status, string word)
    {
        Assert.Equal($"\"{word}\"", JsonSerializer.Serialize(status, RunSummary.Json));
        Assert.Equal(status, JsonSerializer.Deserialize<ExerciseStatus>($"\"{word}\"", RunSummary.Json));
    }

    [Fact]
    public void Statuses_are_read_ignoring_case_and_a_number_is_refused()
    {
        Assert.Equal(NotebookStatus.Passed, JsonSerializer.Deserialize<NotebookStatus>("\"Passed\"", RunSummary.Json));
        Assert.Equal(ExerciseStatus.NotDone, JsonSerializer.Deserialize<ExerciseStatus>("\"notDone\"", RunSummary.Json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CellStatus>("1", RunSummary.Json));
    }

    [Fact]
    public void A_notebook_result_round_trips_with_its_statuses_and_targets()
    {
        var r = new NotebookResult
        {
            Notebook = "notebooks/04_show_and_tell.ipynb",
            Status = NotebookStatus.Failed,
            Error = "metric bleu4_heldout = 0.512 misses its target ≥ 0.6",
            Metrics = new() { ["bleu4_heldout"] = 0.512, ["bleu4"] = 0.86 },
            Targets = [new MetricTarget("bleu4_heldout", 0.512, AtLeast: 0.6)],
            Cells = [new CellResult(2, CellStatus.Passed, 1.5)],
            Exercises = [new ExerciseOutcome("4.1", ExerciseStatus.NotDone, "replace the stub")],
        };
        var json = JsonSerializer.Serialize(r, RunSummary.Json);
        using (var doc = JsonDocument.Parse(json))
        {
            var root = doc.RootElement;
            Assert.Equal("failed", root.GetProperty("status").GetString());
            var target = Assert.Single(root.GetProperty("targets").EnumerateArray().ToList());
            Assert.Equal("bleu4_heldout", target.GetProperty("name").GetString());
            Assert.Equal(0.512, target.GetProperty("value").GetDouble());
            Assert.Equal(0.6, target.GetProperty("atLeast").GetDouble());
            Assert.False(target.TryGetProperty("atMost", out _)); // no bound: no property
            Assert.False(target.GetProperty("met").GetBoolean());
            Assert.Equal("passed", root.GetProperty("cells")[0].GetProperty("status").GetString());
            Assert.Equal("NotDone", root.GetProperty("exercises")[0].GetProperty("status").GetString());
        }
        Assert.Contains("≥ 0.6", json); // readable, not \u2265

        var back = JsonSerializer.Deserialize<NotebookResult>(json, RunSummary.Json)!;
        Assert.Equal(NotebookStatus.Failed, back.Status);
        Assert.Equal(r.Targets, back.Targets);
        Assert.Equal(r.Cells, back.Cells);
        Assert.Equal(r.Exercises, back.Exercises);
    }

    [Theory]
    [InlineData("Passed", ExerciseStatus.Passed)]
    [InlineData("passed", ExerciseStatus.Passed)]
    [InlineData(" FAILED ", ExerciseStatus.Failed)]
    [InlineData("NotDone", ExerciseStatus.NotDone)]
    [InlineData("notdone", ExerciseStatus.NotDone)]
    [InlineData("not_done", ExerciseStatus.NotDone)]
    [InlineData("Not done", ExerciseStatus.NotDone)]
    public void Exercise_statuses_from_the_library_are_read_tolerantly(string word, ExerciseStatus expected) =>
        Assert.Equal(expected, StatusWords.ParseExercise(word));

    [Theory]
    [InlineData("Skipped")]
    [InlineData("1")]
    [InlineData("Passed, Failed")]
    [InlineData("")]
    public void An_unknown_exercise_status_says_what_was_found(string word)
    {
        var e = Assert.Throws<FormatException>(() => StatusWords.ParseExercise(word));
        Assert.Contains($"'{word}'", e.Message);
        Assert.Contains("Passed, Failed, NotDone", e.Message);
    }

    [Fact]
    public void The_exercises_file_is_read_line_by_line_and_bad_lines_are_problems()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file,
            [
                """{"id":"8.1","status":"Passed","message":"all checks passed."}""",
                "",
                """{"id":"8.2","status":"notdone","message":"replace the stub"}""",
                """{"id":"8.3","status":"Skipped","message":"?"}""",
                "{oops",
                """{"id":"8.4","status":"Failed","message":"expected 3, found 4"}""",
            ]);
            var r = ExercisesFile.Read(file);
            Assert.Equal(
                [
                    new ExerciseOutcome("8.1", ExerciseStatus.Passed, "all checks passed."),
                    new ExerciseOutcome("8.2", ExerciseStatus.NotDone, "replace the stub"),
                    new ExerciseOutcome("8.4", ExerciseStatus.Failed, "expected 3, found 4"),
                ], r.Outcomes);
            Assert.Equal(2, r.Problems.Count);
            Assert.StartsWith("exercises file line 4: exercise 8.3: unknown exercise status 'Skipped'", r.Problems[0]);
            Assert.Equal("exercises file line 5 is not valid JSON: {oops", r.Problems[1]);
        }
        finally { File.Delete(file); }

        var missing = ExercisesFile.Read(Path.Combine(Path.GetTempPath(), $"mm-no-such-exercises-{Guid.NewGuid():N}.jsonl"));
        Assert.Empty(missing.Outcomes);
        Assert.Empty(missing.Problems);
    }
}
