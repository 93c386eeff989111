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
    public static async Task<int> RunAsync(string notebookPath, string output, string resultFile, TimeSpan cellTimeout)
    {
        // The kernel captures Console.Out while a cell runs; progress goes to the real stdout.
        var progress = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var metricsFile = Path.Combine(Path.GetTempPath(), $"mm-metrics-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        var exercisesFile = Path.ChangeExtension(metricsFile, ".exercises.jsonl");
        Environment.SetEnvironmentVariable(EnvironmentVariables.MetricsFile, metricsFile);
        Environment.SetEnvironmentVariable(EnvironmentVariables.ExercisesFile, exercisesFile);
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
        var cells = await new NotebookExecutor(progress).RunAsync(nb, cellTimeout);
        nb.Save(output);
        var bad = cells.FirstOrDefault(c => c.Status is CellStatus.Failed or CellStatus.Timeout);
        var metrics = MetricsFile.Read(metricsFile);
        var exercises = ExercisesFile.Read(exercisesFile);
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

    private static Task WriteResult(string path, NotebookResult r)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return File.WriteAllTextAsync(path, JsonSerializer.Serialize(r, RunSummary.Json));
    }
}
