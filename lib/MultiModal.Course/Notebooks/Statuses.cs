namespace MultiModal.CourseTool.Notebooks;

// The words these enums stand for are part of the files the tool writes (summary.json, the per-notebook result
// files, the grades file): RunSummary.Json writes CellStatus and NotebookStatus in camel case ("passed",
// "timeout") and ExerciseStatus by its member names ("Passed", "NotDone"), the words the library writes for a
// check. Renaming a member changes those files.

/// <summary>What happened to one code cell.</summary>
public enum CellStatus
{
    /// <summary>The cell ran to the end without an error (JSON <c>passed</c>).</summary>
    Passed,
    /// <summary>The cell threw, did not compile, or is not a C# cell (JSON <c>failed</c>).</summary>
    Failed,
    /// <summary>The cell exceeded the per-cell limit; the notebook process was ended (JSON <c>timeout</c>).</summary>
    Timeout,
    /// <summary>The cell did not run because an earlier cell failed (JSON <c>skipped</c>).</summary>
    Skipped,
}

/// <summary>How the run of one notebook ended.</summary>
public enum NotebookStatus
{
    /// <summary>Every cell passed and every quality target the notebook reported was met (JSON <c>passed</c>).</summary>
    Passed,
    /// <summary>A cell failed, or a reported metric missed its target, or the notebook's metrics or exercise
    /// results could not be read (JSON <c>failed</c>).</summary>
    Failed,
    /// <summary>A cell exceeded the per-cell limit (JSON <c>timeout</c>).</summary>
    Timeout,
    /// <summary>The notebook could not run at all: missing, unreadable, or its process ended without a result (JSON <c>error</c>).</summary>
    Error,
}

/// <summary>The outcome of one exercise, as a check cell reported it or as the grader found it.</summary>
public enum ExerciseStatus
{
    /// <summary>Every check of the exercise passed (JSON <c>Passed</c>).</summary>
    Passed,
    /// <summary>A check failed or the student's code threw (JSON <c>Failed</c>).</summary>
    Failed,
    /// <summary>The exercise still holds its stub (JSON <c>NotDone</c>).</summary>
    NotDone,
    /// <summary>The grader's word for an expected exercise whose check never ran (JSON <c>NotRun</c>).</summary>
    NotRun,
}

/// <summary>The words the console output uses for the statuses.</summary>
public static class StatusWords
{
    /// <summary><c>passed</c>, <c>failed</c>, <c>timeout</c> or <c>skipped</c>.</summary>
    public static string Word(this CellStatus status) => status switch
    {
        CellStatus.Passed => "passed",
        CellStatus.Failed => "failed",
        CellStatus.Timeout => "timeout",
        CellStatus.Skipped => "skipped",
        _ => status.ToString(),
    };

    /// <summary><c>passed</c>, <c>failed</c>, <c>timeout</c> or <c>error</c>.</summary>
    public static string Word(this NotebookStatus status) => status switch
    {
        NotebookStatus.Passed => "passed",
        NotebookStatus.Failed => "failed",
        NotebookStatus.Timeout => "timeout",
        NotebookStatus.Error => "error",
        _ => status.ToString(),
    };

    /// <summary>
    /// Reads an exercise status as the library writes it (<c>Passed</c>, <c>Failed</c>, <c>NotDone</c>), ignoring
    /// case, surrounding blanks and <c>_</c>, <c>-</c> or spaces between words (<c>not_done</c>, <c>not done</c>).
    /// </summary>
    /// <exception cref="FormatException">The word is none of the statuses; the message quotes what was found.</exception>
    public static ExerciseStatus ParseExercise(string? word)
    {
        var key = (word ?? "").Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        foreach (var s in Enum.GetValues<ExerciseStatus>())
            if (key.Length > 0 && string.Equals(key, s.ToString(), StringComparison.OrdinalIgnoreCase)) return s;
        var found = word is null ? "no status" : $"'{word}'";
        throw new FormatException($"unknown exercise status {found} (expected {string.Join(", ", Enum.GetNames<ExerciseStatus>())})");
    }
}
