using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultiModal.CourseTool.Notebooks;

/// <summary>The result of running one notebook headlessly.</summary>
public sealed record NotebookResult
{
    /// <summary>Notebook path, relative to the repository root where possible.</summary>
    public required string Notebook { get; init; }
    /// <summary>How the run ended; JSON <c>passed</c>, <c>failed</c>, <c>timeout</c> or <c>error</c> (could not run at all).
    /// A notebook whose cells all passed fails when a metric misses its target.</summary>
    public required NotebookStatus Status { get; init; }
    /// <summary>Wall time of the whole notebook process, kernel start included.</summary>
    public double WallSeconds { get; init; }
    /// <summary>The first failing cell (1-based, markdown cells count), if any.</summary>
    public int? FailedCell { get; init; }
    /// <summary>What went wrong, for people.</summary>
    public string? Error { get; init; }
    /// <summary>Every metric the notebook reported through <c>Course.Report</c> (a metric reported twice: its last value).</summary>
    public Dictionary<string, double> Metrics { get; init; } = new();
    /// <summary>The quality targets: every reported metric that carries a bound (<c>atLeast</c> / <c>atMost</c>), met or not.</summary>
    public List<MetricTarget> Targets { get; init; } = new();
    /// <summary>Per-cell results.</summary>
    public List<CellResult> Cells { get; init; } = new();
    /// <summary>Every exercise check the notebook ran (<c>Exercise.Check</c>), in order.</summary>
    public List<ExerciseOutcome> Exercises { get; init; } = new();
    /// <summary>Where the executed copy was written.</summary>
    public string? Output { get; init; }
}

/// <summary>One exercise check as the notebook reported it.</summary>
/// <param name="Id">Exercise number, e.g. "8.1".</param>
/// <param name="Status">Passed, failed, not done, or not run (the grader's word for a check that never ran).</param>
/// <param name="Message">What was checked, or what is wrong.</param>
public sealed record ExerciseOutcome(string Id, ExerciseStatus Status, string Message);

/// <summary>Everything one <c>run</c> did: written to <c>artifacts/summary.json</c>.</summary>
public sealed record RunSummary
{
    /// <summary>The profile the notebooks ran under.</summary>
    public required string Profile { get; init; }
    /// <summary>When the run started (UTC).</summary>
    public DateTime Started { get; init; } = DateTime.UtcNow;
    /// <summary>Wall time of the whole run.</summary>
    public double WallSeconds { get; set; }
    /// <summary>One entry per notebook, in run order.</summary>
    public List<NotebookResult> Notebooks { get; init; } = new();

    /// <summary>
    /// The JSON options used for every file the course tool writes. Statuses are written as words, read ignoring
    /// case: cell and notebook statuses in camel case (<c>passed</c>, <c>failed</c>, <c>timeout</c>, <c>error</c>,
    /// <c>skipped</c>), exercise statuses as the library writes them (<c>Passed</c>, <c>Failed</c>, <c>NotDone</c>,
    /// and the grader's <c>NotRun</c>).
    /// </summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Files for people as well as programs: "≥ 0.6" and quotes in error messages stay as they are, not \u2265.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters =
        {
            // The first converter that can convert a type wins: exercise statuses keep their member names.
            new JsonStringEnumConverter<ExerciseStatus>(namingPolicy: null, allowIntegerValues: false),
            new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
        },
    };
}
