using System.Diagnostics;
using System.Reactive.Linq;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>What happened to one code cell.</summary>
/// <param name="Number">1-based cell number in the notebook (markdown cells count).</param>
/// <param name="Status">Passed, failed, timed out, or skipped after an earlier failure.</param>
/// <param name="Seconds">Wall time of the cell.</param>
/// <param name="Error">The error message for a failed or timed-out cell.</param>
/// <param name="Checks">For a check cell the grader restored: the exercise results this cell itself showed (see <see cref="Exercises.GradedChecks"/>).</param>
public sealed record CellResult(int Number, CellStatus Status, double Seconds, string? Error = null, List<ExerciseOutcome>? Checks = null);

/// <summary>
/// Executes a notebook cell by cell in this process through the same C# kernel Polyglot Notebooks uses
/// (Microsoft.DotNet.Interactive), collecting every output (display data and its in-place updates, return
/// values, stdout/stderr, compiler warnings, errors) into the notebook. The first failing cell stops the run, as in nbconvert.
/// A cell that exceeds the timeout is reported as timed out; because a running C# submission cannot be
/// aborted, the caller must then end the process (the course tool runs each notebook in its own process).
/// </summary>
public sealed class NotebookExecutor(TextWriter progress)
{
    /// <summary>
    /// Runs every code cell; fills the outputs of <paramref name="notebook"/> in place. <paramref name="gradedCells"/>
    /// (cell id → exercise) names the check cells the grader restored: for those, the results they display are kept in
    /// <see cref="CellResult.Checks"/>. <paramref name="afterCell"/> sees each cell's result as soon as it is known.
    /// </summary>
    public async Task<IReadOnlyList<CellResult>> RunAsync(NotebookFile notebook, TimeSpan cellTimeout,
        IReadOnlyDictionary<string, string>? gradedCells = null, Action<IReadOnlyList<CellResult>>? afterCell = null)
    {
        using var kernel = CreateKernel();
        var results = new List<CellResult>();
        var code = notebook.CodeCells.ToList();
        var count = 0;
        var stopped = false;
        foreach (var cell in code)
        {
            count++;
            if (stopped)
            {
                results.Add(new CellResult(cell.Number, CellStatus.Skipped, 0));
                continue;
            }
            var firstLine = cell.Source.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
            if (firstLine.Length > 60) firstLine = firstLine[..57] + "...";
            progress.Write($"  cell {cell.Number} ({count}/{code.Count}) {firstLine} ... ");
            progress.Flush();
            var graded = cell.Id is { } id && gradedCells is not null && gradedCells.ContainsKey(id);
            var result = await RunCellAsync(kernel, cell, count, cellTimeout, graded);
            results.Add(result);
            afterCell?.Invoke(results);
            progress.WriteLine(result.Status == CellStatus.Passed ? $"ok {result.Seconds:F1} s" : $"{result.Status.Word().ToUpperInvariant()} after {result.Seconds:F1} s: {FirstLine(result.Error)}");
            progress.Flush();
            if (result.Status != CellStatus.Passed) stopped = true;
            if (result.Status == CellStatus.Timeout) break;
        }
        return results;
    }

    private static string FirstLine(string? s) => (s ?? "").Split('\n')[0];

    /// <summary>A C# kernel configured like the one Polyglot Notebooks starts: #r "nuget:", display helpers.</summary>
    public static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((k, refs) =>
            {
                k.AddAssemblyReferences(refs.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            }, false)
            .UseKernelHelpers()
            .UseValueSharing();
        var composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = csharp.Name;
        return composite;
    }

    private static async Task<CellResult> RunCellAsync(CompositeKernel kernel, NotebookFile.Cell cell, int executionCount, TimeSpan timeout, bool graded)
    {
        var checks = graded ? new List<ExerciseOutcome>() : null;
        var clock = Stopwatch.StartNew();
        if (cell.Language is not ("csharp" or "C#" or "c#"))
        {
            var msg = $"Cell {cell.Number} is a '{cell.Language}' cell; this course runs C# cells only.";
            cell.SetOutputs([ErrorOutput("UnsupportedLanguage", msg)], executionCount);
            return new CellResult(cell.Number, CellStatus.Failed, 0, msg);
        }
        var outputs = new List<JsonObject>();
        // The beta kernel (1.0.0-beta.26120.1) publishes DisplayedValueProduced with a different id from the one
        // DisplayedValue.Update later uses, so an update with an id never seen before belongs to the most recent
        // display not yet claimed by another id (display, then update, is the only order the API allows).
        var byDisplayId = new Dictionary<string, JsonObject>();
        var unclaimed = new List<JsonObject>();
        bool ClaimLatest(string id, out JsonObject target)
        {
            target = null!;
            if (unclaimed.Count == 0) return false;
            target = unclaimed[^1];
            unclaimed.RemoveAt(unclaimed.Count - 1);
            byDisplayId[id] = target;
            return true;
        }
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var command = new SubmitCode(cell.Source, "csharp");
        var gate = new object();

        void FlushStreams()
        {
            if (stdout.Length > 0) { outputs.Add(StreamOutput("stdout", stdout.ToString())); stdout.Clear(); }
            if (stderr.Length > 0) { outputs.Add(StreamOutput("stderr", stderr.ToString())); stderr.Clear(); }
        }

        using var subscription = kernel.KernelEvents.Subscribe(e =>
        {
            lock (gate)
            {
                switch (e)
                {
                    case StandardOutputValueProduced o:
                        stdout.Append(Plain(o));
                        break;
                    case StandardErrorValueProduced o:
                        stderr.Append(Plain(o));
                        break;
                    case DisplayedValueUpdated u when u.ValueId is { } id && (byDisplayId.TryGetValue(id, out var existing) || ClaimLatest(id, out existing)):
                        unclaimed.Remove(existing);
                        existing["data"] = MimeBundle(u);
                        break;
                    case ReturnValueProduced r:
                        FlushStreams();
                        outputs.Add(new JsonObject { ["output_type"] = "execute_result", ["execution_count"] = executionCount, ["data"] = MimeBundle(r), ["metadata"] = new JsonObject() });
                        break;
                    case ErrorProduced err when err.Command == command:
                        FlushStreams();
                        outputs.Add(ErrorOutput("Error", err.Message));
                        break;
                    case ErrorProduced:
                        break;
                    case DiagnosticsProduced diag:
                        // Jupyter and Polyglot Notebooks show a cell's compiler warnings under it: so does the saved copy.
                        foreach (var w in diag.Diagnostics.Where(x => x.Severity.ToString() == "Warning"))
                            stderr.Append($"({w.LinePositionSpan.Start.Line + 1},{w.LinePositionSpan.Start.Character + 1}): warning {w.Code}: {w.Message}\n");
                        break;
                    case DisplayEvent d: // DisplayedValueProduced, or an update whose original we never saw
                        if (checks is not null && d is DisplayedValueProduced && Exercises.GradedChecks.FromDisplay(d.Value, d.Command, command) is { } check) checks.Add(check);
                        FlushStreams();
                        var o2 = new JsonObject { ["output_type"] = "display_data", ["data"] = MimeBundle(d), ["metadata"] = new JsonObject() };
                        if (d.ValueId is { } vid) byDisplayId[vid] = o2; // a kernel that keeps ids consistent
                        unclaimed.Add(o2);
                        outputs.Add(o2);
                        break;
                    case CommandFailed f when f.Command == command:
                        done.TrySetResult(string.IsNullOrWhiteSpace(f.Message) ? f.Exception?.ToString() ?? "The cell failed." : f.Message);
                        break;
                    case CommandSucceeded s when s.Command == command:
                        done.TrySetResult(null);
                        break;
                }
            }
        });

        _ = kernel.SendAsync(command);
        var finished = await Task.WhenAny(done.Task, Task.Delay(timeout));
        lock (gate)
        {
            FlushStreams();
            if (finished != done.Task)
            {
                var msg = $"Cell {cell.Number} timed out after {timeout.TotalSeconds:F0} s (the per-cell limit; pass --cell-timeout to change it).";
                outputs.Add(ErrorOutput("Timeout", msg));
                cell.SetOutputs(outputs, executionCount);
                return new CellResult(cell.Number, CellStatus.Timeout, clock.Elapsed.TotalSeconds, msg, checks);
            }
            var error = done.Task.Result;
            if (error is not null && !outputs.Any(o => o["output_type"]?.GetValue<string>() == "error"))
                outputs.Add(ErrorOutput("Error", error));
            cell.SetOutputs(outputs, executionCount);
            return new CellResult(cell.Number, error is null ? CellStatus.Passed : CellStatus.Failed, clock.Elapsed.TotalSeconds, error, checks);
        }
    }

    private static string Plain(DisplayEvent e) =>
        e.FormattedValues.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? e.FormattedValues.FirstOrDefault()?.Value ?? "";

    private static JsonObject MimeBundle(DisplayEvent e)
    {
        var data = new JsonObject();
        foreach (var v in e.FormattedValues) data[v.MimeType] = NotebookFile.SourceArray(v.Value);
        return data;
    }

    private static JsonObject StreamOutput(string name, string text) =>
        new() { ["output_type"] = "stream", ["name"] = name, ["text"] = NotebookFile.SourceArray(text) };

    /// <summary>A Jupyter error output.</summary>
    public static JsonObject ErrorOutput(string name, string message) =>
        new() { ["output_type"] = "error", ["ename"] = name, ["evalue"] = message, ["traceback"] = new JsonArray(message.Split('\n').Select(l => (JsonNode)l).ToArray()) };
}
