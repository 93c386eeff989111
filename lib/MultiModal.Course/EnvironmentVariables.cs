namespace MultiModal.CourseTool;

/// <summary>
/// The environment variables through which the course tool talks to the library inside a notebook. The tool does
/// not reference the library (notebooks load their own copy), so the names are repeated here; a test
/// (<c>EnvironmentVariableTests</c>) checks that each equals the library's constant.
/// </summary>
public static class EnvironmentVariables
{
    /// <summary>The compute profile, <c>full</c> or <c>quick</c>; the library's <c>MultiModal.Course.ProfileVariable</c>.</summary>
    public const string Profile = "MULTIMODAL_PROFILE";

    /// <summary>The device every model and batch uses (cpu, cuda, cuda:N); the library's <c>MultiModal.Course.DeviceVariable</c>.</summary>
    public const string Device = "MULTIMODAL_DEVICE";

    /// <summary>A JSON-lines file that <c>Course.Report</c> appends metrics (and their targets) to; the library's
    /// <c>MultiModal.Course.MetricsFileVariable</c>.</summary>
    public const string MetricsFile = "MULTIMODAL_METRICS_FILE";

    /// <summary>A JSON-lines file that <c>Exercise.Check</c> appends check results to; the library's
    /// <c>MultiModal.Exercises.Exercise.ResultsFileVariable</c>.</summary>
    public const string ExercisesFile = "MULTIMODAL_EXERCISES_FILE";

    /// <summary>The folder the library caches encoders and features in; the library's <c>MultiModal.CacheFolder.Variable</c>.</summary>
    public const string Cache = "MULTIMODAL_CACHE";
}
