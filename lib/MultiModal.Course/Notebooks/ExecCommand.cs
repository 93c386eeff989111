using System.Diagnostics;
using System.Text.Json;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>
/// <c>mm exec</c>: the child side of <c>mm run</c>. Executes one notebook in this process with its folder as the
/// working directory (so <c>#r "../lib/..."</c> resolves as in an editor), writes the executed copy and a result
/// file, and exits. On a cell timeout it writes what it has and ends the process, which stops the hung cell.
/// </summary>
public static class ExecCommand
{
    /// <summary>
    /// Runs the notebook; returns the exit code (0 passed, 1 failed, 2 unreadable, 3 timeout). A notebook whose
    /// cells all pass still fails (1) when a metric it reported misses its target, when its metrics or exercise
    /// results cannot be read, or when its saved copy would show less than the live run (<see cref="SavedCopyCheck"/>).
    /// </summary>
    /// <param name="notebookPath">The notebook.</param>
    /// <param name="output">Where the executed copy goes.</param>
    /// <param name="resultFile">Where the result goes.</param>
    /// <param name="cellTimeout">The per-cell limit.</param>
    /// <param name="gradedCellsFile">Grading: a JSON object, restored check cell id → exercise (<see cref="Exercises.GradedCopy"/>),
    /// read before any cell runs. Then the exercises are what those cells showed (<see cref="Exercises.GradedChecks"/>), nothing
    /// else is read, and the result file is rewritten after every cell, so a process ended from outside leaves what it did.</param>
    public static async Task<int> RunAsync(string notebookPath, string output, string resultFile, TimeSpan cellTimeout, string? gradedCellsFile = null)
    {
        // The kernel captures Console.Out while a cell runs; progress goes to the real stdout.
        var progress = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var metricsFile = Path.Combine(Path.GetTempPath(), $"mm-metrics-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        var exercisesFile = Path.ChangeExtension(metricsFile, ".exercises.jsonl");
        var graded = gradedCellsFile is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(gradedCellsFile));
        Environment.SetEnvironmentVariable(EnvironmentVariables.MetricsFile, metricsFile);
        Environment.SetEnvironmentVariable(EnvironmentVariables.ExercisesFile, graded is null ? exercisesFile : null);
        NotebookFile nb;
        try
        {
            nb = NotebookFile.Load(notebookPath);
        }
        catch (Exception e) when (e is IOException or NotebookFormatException or UnauthorizedAccessException)
        {
            await WriteResult(resultFile, new NotebookResult { Notebook = RepoPaths.Relative(notebookPath), Status = NotebookStatus.Error, Error = e.Message });
            progress.WriteLine("  " + e.Message);
            return 2;
        }

        var full = Path.GetFullPath(notebookPath);
        output = Path.GetFullPath(output);
        resultFile = Path.GetFullPath(resultFile);
        Directory.SetCurrentDirectory(Path.GetDirectoryName(full)!);
        LibraryReference.Resolve(nb, Path.GetDirectoryName(full)!, progress);
        var notebookName = RepoPaths.Relative(full);
        void Partial(IReadOnlyList<CellResult> sofar)
        {
            if (graded is null) return;
            var last = sofar[^1];
            File.WriteAllText(resultFile, JsonSerializer.Serialize(new NotebookResult
            {
                Notebook = notebookName,
                Status = NotebookStatus.Error,
                WallSeconds = clock.Elapsed.TotalSeconds,
                Error = $"{PartialError} during or after cell {last.Number}, before the notebook finished",
                Exercises = Exercises.GradedChecks.Outcomes(nb, sofar, graded),
                Cells = sofar.ToList(),
            }, RunSummary.Json));
        }
        var cells = await new NotebookExecutor(progress).RunAsync(nb, cellTimeout, graded, Partial);
        nb.Save(output);
        var bad = cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.Timeout);
        var metrics = MetricsFile.Read(metricsFile);
        var exercises = graded is null ? ExercisesFile.Read(exercisesFile) : new ExercisesReport(Exercises.GradedChecks.Outcomes(nb, cells, graded), []);
        // Checked only when every cell passed: a failing cell is the news, and stopped the notebook anyway.
        // Missed targets first (the first line is what the table and the progress line show), then unreadable lines.
        var unmet = metrics.Missed.Select(t => t.Describe()).Concat(metrics.Problems).Concat(exercises.Problems).Concat(SavedCopyCheck.Problems(nb)).ToList();
        var (status, error) = bad switch
        {
            { Status: CellStatus.Timeout } => (NotebookStatus.Timeout, $"cell {bad.Number}: {bad.Error}"),
            not null => (NotebookStatus.Failed, $"cell {bad.Number}: {bad.Error}"),
            null when unmet.Count > 0 => (NotebookStatus.Failed, string.Join("\n", unmet)),
            null => (NotebookStatus.Passed, (string?)null),
        };
        var result = new NotebookResult
        {
            Notebook = RepoPaths.Relative(full),
            Status = status,
            WallSeconds = clock.Elapsed.TotalSeconds,
            FailedCell = bad?.Number,
            Error = error,
            Metrics = metrics.Metrics,
            Targets = metrics.Targets,
            Exercises = exercises.Outcomes,
            Cells = cells.ToList(),
            Output = RepoPaths.Relative(output),
        };
        await WriteResult(resultFile, result);
        foreach (var f in new[] { metricsFile, exercisesFile }) if (File.Exists(f)) File.Delete(f);
        var code = status switch { NotebookStatus.Passed => 0, NotebookStatus.Timeout => 3, _ => 1 };
        if (status == NotebookStatus.Timeout)
        {
            progress.Flush();
            Environment.Exit(code); // the hung submission cannot be cancelled: end the process
        }
        return code;
    }

    private const string PartialError = "the notebook process ended";

    /// <summary>True for the result a graded run writes after each cell, when the process ended before its final one.</summary>
    public static bool IsPartial(NotebookResult r) => r.Status == NotebookStatus.Error && r.Error?.StartsWith(PartialError, StringComparison.Ordinal) == true && r.Output is null;

    private static Task WriteResult(string path, NotebookResult r)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return File.WriteAllTextAsync(path, JsonSerializer.Serialize(r, RunSummary.Json));
    }
}
