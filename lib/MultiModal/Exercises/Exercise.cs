using System.Net;
using System.Text.Json;
using MultiModal.Display;

namespace MultiModal.Exercises;

/// <summary>
/// Thrown by the stub that replaces a solution in a student's exercise notebook. <see cref="Exercise.Check"/>
/// turns it into "not done yet" instead of an error.
/// </summary>
public sealed class NotDoneException(string id)
    : Exception($"Exercise {id} is not done yet: replace the `throw Exercise.NotDone(\"{id}\");` line with your code, then run the check cell again.")
{
    /// <summary>The exercise number, e.g. "8.1".</summary>
    public string Id { get; } = id;
}

/// <summary>A check found the student's answer wrong; the message says what was expected and what was found.</summary>
public sealed class CheckFailedException(string message) : Exception(message);

/// <summary>The outcome of one check cell.</summary>
public enum CheckStatus
{
    /// <summary>Every check passed.</summary>
    Passed,
    /// <summary>A check failed (or the student's code threw).</summary>
    Failed,
    /// <summary>The exercise still holds its stub.</summary>
    NotDone,
}

/// <summary>What one <see cref="Exercise.Check"/> call found; displays as a coloured line in a notebook.</summary>
/// <param name="Id">Exercise number, e.g. "8.1".</param>
/// <param name="Status">Passed, failed or not done.</param>
/// <param name="Message">What was checked, or what is wrong.</param>
public sealed record CheckResult(string Id, CheckStatus Status, string Message)
{
    /// <summary>HTML form for notebooks.</summary>
    public string ToHtml()
    {
        var (colour, mark) = Status switch
        {
            CheckStatus.Passed => ("#1a7f37", "✔ passed"),
            CheckStatus.NotDone => ("#9a6700", "… not done yet"),
            _ => ("#cf222e", "✘ failed"),
        };
        return $"<div style=\"font-family:monospace;color:{colour}\"><b>Exercise {WebUtility.HtmlEncode(Id)}: {mark}</b> {WebUtility.HtmlEncode(Message)}</div>";
    }

    /// <inheritdoc />
    public override string ToString() => $"Exercise {Id}: {Status switch { CheckStatus.Passed => "passed", CheckStatus.NotDone => "not done yet", _ => "FAILED" }}. {Message}";
}

/// <summary>
/// Exercises: the stubs students replace and the check cells that grade them.
/// <para>In <c>solutions/NN_*.ipynb</c> a solution is written between <c>// BEGIN SOLUTION N.k</c> and
/// <c>// END SOLUTION</c> lines, as whole statements inside a method or lambda body. The course tool
/// (<c>mm exercises</c>) replaces each region with <c>throw Exercise.NotDone("N.k");</c> to make the student copy.
/// A check cell calls <see cref="Check"/>, which never throws: later cells still run.</para>
/// </summary>
public static class Exercise
{
    /// <summary>Environment variable naming a JSON-lines file that check results are appended to (set by the grader).</summary>
    public const string ResultsFileVariable = "MULTIMODAL_EXERCISES_FILE";

    /// <summary>The stub's exception: <c>throw Exercise.NotDone("8.1");</c>.</summary>
    public static NotDoneException NotDone(string id) => new(id);

    /// <summary>
    /// Runs the checks of exercise <paramref name="id"/>. The student's code not finished → "not done yet";
    /// a failed expectation → its message; any other exception from the student's code → "failed" with the
    /// exception type and message. Shows the result and returns it; never throws.
    /// </summary>
    public static CheckResult Check(string id, Action checks, string passedMessage = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(checks);
        CheckResult result;
        try
        {
            using (TorchSharp.torch.NewDisposeScope()) checks();
            result = new CheckResult(id, CheckStatus.Passed, passedMessage.Length > 0 ? passedMessage : "all checks passed.");
        }
        catch (Exception e)
        {
            result = Unwrap(e) switch
            {
                NotDoneException => new CheckResult(id, CheckStatus.NotDone, "replace the stub with your code, then run this cell again."),
                CheckFailedException f => new CheckResult(id, CheckStatus.Failed, f.Message),
                var other => new CheckResult(id, CheckStatus.Failed, $"your code threw {other.GetType().Name}: {other.Message}"),
            };
        }
        Record(result);
        // The result object itself is displayed (as its HTML): the grader reads it from the kernel's display event of
        // the instructor's check cell, not from anything a submission can write.
        if (NotebookHost.InKernel)
        {
            _ = HtmlRegistered.Value;
            NotebookHost.Display(result, "text/html");
        }
        else Console.WriteLine(result.ToString());
        return result;
    }

    private static readonly Lazy<bool> HtmlRegistered = new(() => { NotebookFormatters.RegisterHtml<CheckResult>(r => r.ToHtml()); return true; });

    private static Exception Unwrap(Exception e)
    {
        while (e is System.Reflection.TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException;
        return e;
    }

    private static void Record(CheckResult r)
    {
        var file = Environment.GetEnvironmentVariable(ResultsFileVariable);
        if (string.IsNullOrEmpty(file)) return;
        var line = JsonSerializer.Serialize(new { id = r.Id, status = r.Status.ToString(), message = r.Message });
        lock (typeof(Exercise)) File.AppendAllText(file, line + "\n");
    }
}
