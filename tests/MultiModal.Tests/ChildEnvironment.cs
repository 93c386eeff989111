using System.Diagnostics;
using MultiModal.CourseTool;

namespace MultiModal.Tests;

/// <summary>
/// Child processes of the tests start without the course's variables (profile, device, metrics and exercise files,
/// cache): a test in the "environment" collection sets them process-wide for a moment, and a notebook run started by
/// a test in parallel must not inherit them. Whatever a child needs is passed to it explicitly.
/// </summary>
internal static class ChildEnvironment
{
    private static readonly string[] CourseVariables =
        [EnvironmentVariables.Profile, EnvironmentVariables.Device, EnvironmentVariables.MetricsFile, EnvironmentVariables.ExercisesFile, EnvironmentVariables.Cache];

    /// <summary>Removes the course's variables from <paramref name="psi"/>, then sets <paramref name="explicitly"/>.</summary>
    public static ProcessStartInfo Isolate(ProcessStartInfo psi, IReadOnlyDictionary<string, string>? explicitly = null)
    {
        foreach (var name in CourseVariables) psi.Environment.Remove(name);
        foreach (var (k, v) in explicitly ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return psi;
    }
}
