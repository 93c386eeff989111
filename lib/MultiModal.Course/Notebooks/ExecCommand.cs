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
    /// <summary>Runs the notebook; returns the exit code (0 passed, 1 failed, 2 unreadable, 3 timeout).</summary>
    public static async Task<int> RunAsync(string notebookPath, string output, string resultFile, TimeSpan cellTimeout)
    {
        // The kernel captures Console.Out while a cell runs; progress goes to the real stdout.
        var progress = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var metricsFile = Path.Combine(Path.GetTempPath(), $"mm-metrics-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        var exercisesFile = Path.ChangeExtension(metricsFile, ".exercises.jsonl");
        Environment.SetEnvironmentVariable("MULTIMODAL_METRICS_FILE", metricsFile);
        Environment.SetEnvironmentVariable("MULTIMODAL_EXERCISES_FILE", exercisesFile);
        NotebookFile nb;
        try
        {
            nb = NotebookFile.Load(notebookPath);
        }
        catch (Exception e) when (e is IOException or NotebookFormatException or UnauthorizedAccessException)
        {
            await WriteResult(resultFile, new NotebookResult { Notebook = RepoPaths.Relative(notebookPath), Status = "error", Error = e.Message });
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
        var bad = cells.FirstOrDefault(c => c.Status is "failed" or "timeout");
        var result = new NotebookResult
        {
            Notebook = RepoPaths.Relative(full),
            Status = bad?.Status ?? "passed",
            WallSeconds = clock.Elapsed.TotalSeconds,
            FailedCell = bad?.Number,
            Error = bad is null ? null : $"cell {bad.Number}: {bad.Error}",
            Metrics = ReadMetrics(metricsFile),
            Exercises = ReadExercises(exercisesFile),
            Cells = cells.ToList(),
            Output = RepoPaths.Relative(output),
        };
        await WriteResult(resultFile, result);
        foreach (var f in new[] { metricsFile, exercisesFile }) if (File.Exists(f)) File.Delete(f);
        var code = bad is null ? 0 : bad.Status == "timeout" ? 3 : 1;
        if (bad?.Status == "timeout")
        {
            progress.Flush();
            Environment.Exit(code); // the hung submission cannot be cancelled: end the process
        }
        return code;
    }

    private static Dictionary<string, double> ReadMetrics(string file)
    {
        var d = new Dictionary<string, double>();
        if (!File.Exists(file)) return d;
        foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            d[doc.RootElement.GetProperty("name").GetString()!] = doc.RootElement.GetProperty("value").GetDouble();
        }
        return d;
    }

    private static List<ExerciseOutcome> ReadExercises(string file)
    {
        var list = new List<ExerciseOutcome>();
        if (!File.Exists(file)) return list;
        foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            list.Add(new ExerciseOutcome(r.GetProperty("id").GetString()!, r.GetProperty("status").GetString()!, r.GetProperty("message").GetString() ?? ""));
        }
        return list;
    }

    private static Task WriteResult(string path, NotebookResult r)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return File.WriteAllTextAsync(path, JsonSerializer.Serialize(r, RunSummary.Json));
    }
}
