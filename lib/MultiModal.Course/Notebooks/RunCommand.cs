using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>Options of <c>mm run</c>.</summary>
public sealed record RunOptions
{
    /// <summary>Notebook files or folders (folders: every <c>*.ipynb</c> in them, sorted).</summary>
    public List<string> Paths { get; init; } = new();
    /// <summary><c>full</c> or <c>quick</c>.</summary>
    public string Profile { get; init; } = "full";
    /// <summary>Per-cell limit. Generous by default: the first package restore can take minutes.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Where executed notebooks and summary.json go.</summary>
    public string OutDir { get; init; } = "artifacts";
    /// <summary>Look for notebooks in sub-folders too (grading a class folder).</summary>
    public bool Recursive { get; init; }
    /// <summary>Name of the summary file inside <see cref="OutDir"/>.</summary>
    public string SummaryName { get; init; } = "summary.json";
    /// <summary>The device the notebooks use (<c>MULTIMODAL_DEVICE</c>: cpu, cuda, cuda:N); null leaves the environment's.</summary>
    public string? Device { get; init; }
    /// <summary>Also write the offline site (<see cref="Site.SiteWriter"/>) to <c>OutDir/site</c>.</summary>
    public bool Site { get; init; } = true;
}

/// <summary>
/// <c>mm run</c>: executes notebooks one after the other, each in a fresh child process (a fresh kernel, its
/// native memory returned to the system afterwards, and a hung cell ended by ending the process), forwarding
/// live per-cell progress, then writes <c>summary.json</c> and prints a table: per notebook its status, wall time,
/// how many of its quality targets were met and its metrics, with a line under it per missed target.
/// </summary>
public static class RunCommand
{
    /// <summary>Runs the notebooks; returns the process exit code (0 only when every notebook passed).</summary>
    public static async Task<int> RunAsync(RunOptions options, TextWriter console)
    {
        var summary = await ExecuteAsync(options, console);
        PrintTable(summary, console);
        console.WriteLine($"Summary: {Path.GetFullPath(Path.Combine(options.OutDir, options.SummaryName))}");
        if (options.Site) console.WriteLine($"Site: {Site.SiteWriter.Write(summary, Path.Combine(options.OutDir, "site"))} (offline HTML of every executed notebook)");
        var passed = summary.Notebooks.Count(n => n.Status == NotebookStatus.Passed);
        var failed = summary.Notebooks.Count - passed;
        console.WriteLine($"notebooks: {passed} passed, {failed} failed");
        return failed == 0 && summary.Notebooks.Count > 0 ? 0 : 1;
    }

    /// <summary>Runs the notebooks and writes the summary file; prints progress but no table.</summary>
    public static async Task<RunSummary> ExecuteAsync(RunOptions options, TextWriter console)
    {
        var clock = Stopwatch.StartNew();
        var summary = new RunSummary { Profile = options.Profile };
        var notebooks = new List<string>();
        foreach (var p in options.Paths.DefaultIfEmpty(Path.Combine(RepoPaths.Root, "notebooks")))
        {
            if (Directory.Exists(p))
                notebooks.AddRange(Directory.GetFiles(p, "*.ipynb", options.Recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
                    .Where(f => !f.Contains(".ipynb_checkpoints", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            else if (File.Exists(p) || p.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)) notebooks.Add(p);
            else summary.Notebooks.Add(new NotebookResult { Notebook = p, Status = NotebookStatus.Error, Error = $"No notebook or folder at '{p}'." });
        }
        Directory.CreateDirectory(options.OutDir);
        console.WriteLine($"Running {notebooks.Count} notebook(s), profile '{options.Profile}', cell timeout {options.CellTimeout.TotalSeconds:F0} s; outputs in {Path.GetFullPath(options.OutDir)}");
        var i = 0;
        foreach (var nb in notebooks)
        {
            i++;
            console.WriteLine($"[{i}/{notebooks.Count}] {RepoPaths.Relative(nb)}");
            var r = await RunOneAsync(nb, options, console);
            console.WriteLine($"[{i}/{notebooks.Count}] {RepoPaths.Relative(nb)}: {r.Status.Word()} in {r.WallSeconds:F1} s{(r.Error is null ? "" : " - " + r.Error.Split('\n')[0])}");
            summary.Notebooks.Add(r);
        }
        summary.WallSeconds = clock.Elapsed.TotalSeconds;
        var summaryPath = Path.Combine(options.OutDir, options.SummaryName);
        await File.WriteAllTextAsync(summaryPath, JsonSerializer.Serialize(summary, RunSummary.Json));
        return summary;
    }

    /// <summary>Where the executed copy of a notebook goes: its path relative to the repository, under the output folder.</summary>
    public static string OutputPathFor(string notebook, string outDir)
    {
        var rel = RepoPaths.Relative(notebook);
        if (Path.IsPathRooted(rel) || rel.StartsWith("..", StringComparison.Ordinal)) rel = Path.GetFileName(notebook);
        return Path.Combine(outDir, rel);
    }

    /// <summary>
    /// Runs one notebook in a child process; <paramref name="output"/> is where its executed copy goes (default:
    /// <see cref="OutputPathFor"/>). With <paramref name="sandbox"/> (grading) the child runs under its limits and counts only
    /// the restored check cells; a child ended for a limit reports what it did until then, with the reason as its error.
    /// </summary>
    internal static async Task<NotebookResult> RunOneAsync(string notebook, RunOptions options, TextWriter console, string? output = null, Exercises.GradingSandbox? sandbox = null)
    {
        var clock = Stopwatch.StartNew();
        output ??= OutputPathFor(notebook, options.OutDir);
        var resultFile = output + ".result.json";
        if (File.Exists(resultFile)) File.Delete(resultFile);
        string[] args = ["exec", notebook, "--out", output, "--result", resultFile, "--cell-timeout", options.CellTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)];
        var psi = ChildProcess.Self(sandbox is null ? args : [.. args, "--graded-cells", sandbox.GradedCellsFile]);
        psi.Environment[EnvironmentVariables.Profile] = options.Profile;
        if (options.Device is { } device) psi.Environment[EnvironmentVariables.Device] = device;
        if (sandbox is not null) psi = sandbox.Wrap(psi);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        using var proc = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the notebook process.");
        var stderrTail = new Queue<string>();
        proc.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (console) console.WriteLine(e.Data); };
        proc.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderrTail) { stderrTail.Enqueue(e.Data); if (stderrTail.Count > 20) stderrTail.Dequeue(); }
        };
        proc.BeginOutputReadLine();
        proc.BeginErrorReadLine();
        // Backstop in case the child cannot even enforce its own per-cell limit (e.g. the kernel never starts).
        var cells = SafeCodeCellCount(notebook);
        var limit = TimeSpan.FromSeconds(options.CellTimeout.TotalSeconds * Math.Max(1, cells) + 120);
        using var cts = new CancellationTokenSource(limit);
        (string Reason, NotebookStatus Status)? ended = null;
        try
        {
            if (sandbox is not null) ended = await sandbox.WatchAsync(proc).WaitAsync(cts.Token);
            else await proc.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            proc.Kill(entireProcessTree: true);
            await proc.WaitForExitAsync();
        }
        proc.WaitForExit();
        var wall = clock.Elapsed.TotalSeconds;
        NotebookResult? written = null;
        try { written = File.Exists(resultFile) ? JsonSerializer.Deserialize<NotebookResult>(await File.ReadAllTextAsync(resultFile), RunSummary.Json) : null; }
        catch (JsonException) when (sandbox is not null) { } // a graded child ended mid-write, or wrote something else there
        if (written is not null)
        {
            if (ended is { } e) written = written with { Status = e.Status, Error = e.Reason };
            else if (ExecCommand.IsPartial(written)) written = written with { Error = $"{written.Error} (exit code {proc.ExitCode})" };
            return written with { WallSeconds = wall };
        }
        string tail;
        lock (stderrTail) tail = string.Join("\n", stderrTail);
        return new NotebookResult
        {
            Notebook = RepoPaths.Relative(notebook),
            WallSeconds = wall,
            Status = ended?.Status ?? NotebookStatus.Error,
            Error = ended?.Reason ?? $"The notebook process ended (exit code {(proc.HasExited ? proc.ExitCode : -1)}) without a result. {tail}".Trim(),
        };
    }

    private static int SafeCodeCellCount(string path)
    {
        try { return NotebookFile.Load(path).CodeCells.Count(); }
        catch (Exception e) when (e is IOException or NotebookFormatException) { return 1; }
    }

    private static void PrintTable(RunSummary s, TextWriter console)
    {
        var w = Math.Max(8, s.Notebooks.Select(n => n.Notebook.Length).DefaultIfEmpty(8).Max());
        console.WriteLine();
        console.WriteLine($"{"notebook".PadRight(w)}  {"status",-8} {"wall s",7}  metrics");
        console.WriteLine(new string('-', w + 40));
        foreach (var n in s.Notebooks)
        {
            var metrics = string.Join(", ", n.Metrics.Select(kv => $"{kv.Key}={kv.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
            if (n.Targets.Count > 0)
                metrics = $"targets {n.Targets.Count(t => t.Met)}/{n.Targets.Count} met" + (metrics.Length > 0 ? "; " + metrics : "");
            if (n.Exercises.Count > 0)
            {
                var byStatus = n.Exercises.GroupBy(e => e.Status).Select(g => $"{g.Count()} {g.Key switch { ExerciseStatus.Passed => "passed", ExerciseStatus.NotDone => "not done", _ => "failed" }}");
                metrics = $"exercises: {string.Join(", ", byStatus)}" + (metrics.Length > 0 ? "; " + metrics : "");
            }
            var status = n.FailedCell is { } c ? $"{n.Status.Word()} (cell {c})" : n.Status.Word();
            console.WriteLine($"{n.Notebook.PadRight(w)}  {status,-8} {n.WallSeconds,7:F1}  {metrics}");
            foreach (var note in Notes(n)) console.WriteLine($"{"".PadRight(w)}  -> {note}");
        }
        console.WriteLine($"total wall time {s.WallSeconds:F1} s");
    }

    /// <summary>
    /// The lines under a notebook's row: the first line of a cell's error (compiler and exception messages run
    /// long), or every line of a failure the runner found itself (missed targets, unreadable metrics: one a line),
    /// then any missed target not already listed (one reported before a cell failed).
    /// </summary>
    private static List<string> Notes(NotebookResult n)
    {
        var notes = new List<string>();
        if (n.Error is not null && n.Status != NotebookStatus.Passed)
        {
            var lines = n.Error.Split('\n');
            notes.AddRange(n.Status == NotebookStatus.Failed && n.FailedCell is null ? lines.Where(l => l.Length > 0) : lines.Take(1));
        }
        foreach (var t in n.Targets.Where(t => !t.Met))
            if (!notes.Contains(t.Describe())) notes.Add(t.Describe());
        return notes;
    }
}
